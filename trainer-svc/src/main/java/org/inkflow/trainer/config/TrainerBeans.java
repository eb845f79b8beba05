package org.inkflow.trainer.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.S3Config;
import org.inkflow.model.training.Devices;
import org.inkflow.trainer.data.DatasetLoader;
import org.inkflow.trainer.messaging.TrainerEvents;
import org.inkflow.trainer.messaging.TrainingRequestPublisher;
import org.inkflow.trainer.metrics.TrainerMetrics;
import org.inkflow.trainer.runs.ContinuousTraining;
import org.inkflow.trainer.runs.FaultInjection;
import org.inkflow.trainer.runs.ObjectDeleter;
import org.inkflow.trainer.runs.RunExecutor;
import org.inkflow.trainer.runs.RunScheduler;
import org.inkflow.trainer.runs.RunStore;
import org.inkflow.trainer.training.TrainingLoop;
import org.jboss.logging.Logger;

/**
 * Wires the plain-Java run machinery into Quarkus (the only place trainer beans are made) and pauses the runs held
 * here at shutdown (their next owner resumes them).
 */
@ApplicationScoped
public class TrainerBeans {

    private static final Logger LOG = Logger.getLogger(TrainerBeans.class);

    @Produces
    @Singleton
    TrainerMetrics metrics(MeterRegistry registry) {
        return new TrainerMetrics(registry);
    }

    @Produces
    @Singleton
    RunScheduler scheduler(ObjectStore objects, S3Config s3, TrainerConfig config, TrainerMetrics metrics,
                           TrainerEvents events, TrainingRequestPublisher requests) {
        RunStore store = new RunStore(objects, ObjectDeleter.minio(s3));
        DatasetLoader datasets = new DatasetLoader(objects, config.maxValidationSamples(), config.statsSamples(),
                config.sourceCacheSize());
        Path work = Path.of(config.workDir().orElse(System.getProperty("java.io.tmpdir"))).resolve("inkflow-trainer");
        TrainingLoop.Settings loop = new TrainingLoop.Settings(config.tensorflowThreads(), config.decodeThreads(),
                config.prefetchBatches(), config.decodedCacheSize(), config.previewSamples(), work,
                config.networkSamples(), config.diagnosticsEvery());
        RunExecutor executor = new RunExecutor(store, datasets, metrics, events::progress, events::candidate,
                new RunExecutor.Settings(loop, config.codeVersion(),
                        new AttemptCap(config.maxAttempts()), faultInjection(config)), requests);
        return new RunScheduler(store, datasets, executor, config.defaultModelName(),
                config.maxRunMemoryMb() << 20, requests, config.maxConcurrentRuns());
    }

    private static FaultInjection faultInjection(TrainerConfig config) {
        if (config.faultInjection().enabled()) {
            LOG.warnf("fault injection is ON (inkflow.trainer.fault-injection.enabled): a run whose id starts with %s"
                    + " halts this process after each checkpoint; for fault tests only", FaultInjection.HALT_RUN_PREFIX);
            return new FaultInjection(true);
        }
        return FaultInjection.OFF;
    }

    /** The auto-train policy, checked at start so a bad setting stops the service instead of every dataset. */
    @Produces
    @Singleton
    ContinuousTraining continuousTraining(TrainerConfig config) {
        TrainerConfig.AutoTrain auto = config.autoTrain();
        return new ContinuousTraining(auto.enabled(), auto.modelName().orElse(config.defaultModelName()),
                auto.hyperparameters());
    }

    /** Nothing is resumed here: a replica resumes the runs its partitions of training.requests deliver (ADR 0028). */
    void onStart(@Observes StartupEvent event) {
        LOG.infof("trainer computes on %s", Devices.describe());
    }

    void onStop(@Observes ShutdownEvent event, RunScheduler scheduler) {
        scheduler.close();
    }
}
