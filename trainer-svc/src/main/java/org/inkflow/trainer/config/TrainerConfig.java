package org.inkflow.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** The trainer's settings ({@code inkflow.trainer.*}); hyperparameters come with each run instead. */
@ConfigMapping(prefix = "inkflow.trainer")
public interface TrainerConfig {

    /** Where training should run. */
    enum Device {
        /** Whatever TensorFlow finds: the GPU when the native build has CUDA and a GPU is visible. */
        AUTO,
        /** Expect the CPU build; a visible GPU is reported but the service stays ready. */
        CPU,
        /** Require a GPU: the service is not ready (and says why) when TensorFlow sees none. */
        GPU
    }

    /** {@code auto}, {@code cpu} or {@code gpu}; the Helm chart sets {@code gpu} when the trainer asks for one. */
    @WithDefault("auto")
    Device device();

    AutoTrain autoTrain();

    /** The model name runs export to when a request names none. */
    @WithDefault("colorizer")
    String defaultModelName();

    /**
     * The memory one run may use, in MiB; a run whose estimate (from batch size, width, depth and image size) is
     * larger is refused with 400 before it starts.
     */
    @WithDefault("4096")
    long maxRunMemoryMb();

    /** Local scratch space for checkpoints and exports on their way to S3 (default: the temp directory). */
    Optional<String> workDir();

    /** TensorFlow intra-op threads (0: TensorFlow chooses, usually one per core). */
    @WithDefault("0")
    int tensorflowThreads();

    /** Threads that decode and augment training images ahead of the step. */
    @WithDefault("1")
    int decodeThreads();

    /** Batches decoded ahead of the step. */
    @WithDefault("4")
    int prefetchBatches();

    /** Decoded training samples kept in memory between epochs (64 KB each at 64x64); 0 decodes every time. */
    @WithDefault("2048")
    int decodedCacheSize();

    /** Encoded sample files kept in memory so later epochs do not read S3 again. */
    @WithDefault("20000")
    int sourceCacheSize();

    /** Validation samples scored at each validation (the first ones of the split). */
    @WithDefault("256")
    int maxValidationSamples();

    /** Training samples measured for the input statistics when the manifest has none, and for the histogram. */
    @WithDefault("256")
    int statsSamples();

    /** Validation samples shown in each {@code runs/<id>/samples/step-<n>.png}. */
    @WithDefault("4")
    int previewSamples();

    /**
     * Validation samples behind the pictures of the network stored at each validation under
     * {@code runs/<id>/network/step-<n>/} (first-layer filters, distributions over training, top activations, input
     * histogram); 0 turns them off.
     */
    @WithDefault("16")
    int networkSamples();

    /**
     * Steps between per-layer diagnostics (gradient norms, weight statistics, dead channels, update ratios): they ride
     * on the first logged step of each such window and slow that step down (ADR 0038).
     */
    @WithDefault("50")
    int diagnosticsEvery();

    /**
     * Runs (or search trials) this replica trains at once; more held here wait QUEUED. One per GPU, or one on a
     * CPU node (two runs would only share its cores).
     */
    @WithDefault("1")
    int maxConcurrentRuns();

    /**
     * How long a run whose partition moved away (or whose service stops) may take to reach its next step, checkpoint
     * and hand the run on; past it the run is left to end on its own and its next owner resumes from the checkpoint
     * before.
     */
    @WithDefault("30s")
    java.time.Duration stopTimeout();

    /**
     * How long {@code DELETE /runs/{id}} waits for the run's owner (any replica) to stop it: 200 with the ended
     * status within it, else 202 with the status as it is (the cancel is on its way).
     */
    @WithDefault("5s")
    java.time.Duration cancelWait();

    /**
     * How many times a run may start without finishing (a process that dies mid-run counts) before it is marked
     * FAILED instead of resumed again.
     */
    @WithDefault("3")
    int maxAttempts();

    FaultInjection faultInjection();

    /** Recorded in model cards as the code that trained the model. */
    @WithDefault("${quarkus.application.version:dev}")
    String codeVersion();

    /** Continuous training: a run for every new dataset version announced on {@code inkflow.datasets}. */
    interface AutoTrain {

        /** Train each new dataset version by itself (off: only {@code POST /runs} and training.requests train). */
        @WithDefault("true")
        boolean enabled();

        /** The model the automatic runs export (default: {@code default-model-name}). */
        Optional<String> modelName();

        /** Hyperparameters of the automatic runs by name, e.g. {@code hyperparameters.steps=600}; the rest default. */
        Map<String, String> hyperparameters();
    }

    /**
     * Deliberate crashes for the fault tests (ADR 0031): never on in a deployment; the Helm chart does not set it.
     */
    interface FaultInjection {

        /**
         * When on, a run whose id starts with {@code fault-halt-} halts the process after each checkpoint it saves
         * (exit status 86), to prove the attempt cap and the supervisor's restarts.
         */
        @WithDefault("false")
        boolean enabled();
    }
}
