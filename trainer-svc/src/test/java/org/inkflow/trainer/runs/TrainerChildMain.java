package org.inkflow.trainer.runs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.events.TrainingProgress;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.trainer.data.DatasetLoader;
import org.inkflow.trainer.metrics.TrainerMetrics;
import org.inkflow.trainer.training.TrainingLoop;

/**
 * A trainer process for the kill test: executes one run stored in the bucket, as the service's worker would, in
 * a JVM of its own that the test can SIGKILL. Arguments: S3 endpoint, access key, secret key, bucket, run id,
 * work dir, and optionally a step and a marker file: at the first validation at or after that step the child
 * creates the marker and holds there, so the test kills it at a known point instead of racing the training. With
 * a ninth argument {@code crash} the child halts there instead (exit status {@value #CRASH_STATUS}, no shutdown
 * hooks): the injected fault of a run that kills the process every time it trains.
 */
public final class TrainerChildMain {

    /** The exit status of a child that crashed on purpose. */
    static final int CRASH_STATUS = 86;

    private TrainerChildMain() {
    }

    public static void main(String[] args) {
        Consumer<TrainingProgress> progress = args.length > 8 && "crash".equals(args[8])
                ? crashAt(Long.parseLong(args[6]), Path.of(args[7]))
                : args.length > 7 ? holdAt(Long.parseLong(args[6]), Path.of(args[7])) : p -> { };
        RunExecutor executor = executor(args[0], args[1], args[2], args[3], Path.of(args[5]), progress);
        RunStore store = store(args[0], args[1], args[2], args[3]);
        RunStatus status = store.load(args[4]).orElseThrow();
        executor.execute(status, id -> false, () -> false);
        System.exit(0);
    }

    static RunStore store(String endpoint, String access, String secret, String bucket) {
        ObjectStore objects = ObjectStore.connect(endpoint, access, secret, bucket, "us-east-1");
        return new RunStore(objects, ObjectDeleter.minio(
                MinioClient.builder().endpoint(endpoint).credentials(access, secret).region("us-east-1").build(), bucket));
    }

    static RunExecutor executor(String endpoint, String access, String secret, String bucket, Path work) {
        return executor(endpoint, access, secret, bucket, work, p -> { });
    }

    private static RunExecutor executor(String endpoint, String access, String secret, String bucket, Path work,
                                        Consumer<TrainingProgress> progress) {
        RunStore store = store(endpoint, access, secret, bucket);
        DatasetLoader datasets = new DatasetLoader(store.objects(), 64, 64, 1000);
        return new RunExecutor(store, datasets, new TrainerMetrics(new SimpleMeterRegistry()), progress, c -> { },
                new RunExecutor.Settings(new TrainingLoop.Settings(1, 1, 2, 100, 2, work), "test",
                        new AttemptCap(AttemptCap.DEFAULT_MAX_ATTEMPTS)));
    }

    /**
     * Progress is reported at each validation, before that step's checkpoint: holding there leaves the checkpoints
     * before {@code step} complete in the bucket and none after, wherever the scheduler happens to be.
     */
    private static Consumer<TrainingProgress> holdAt(long step, Path marker) {
        return p -> {
            if (p.step() == null || p.step() < step) {
                return;
            }
            try {
                Files.writeString(marker, Long.toString(p.step()));
                System.out.println("holding at step " + p.step() + " until killed");
                new CountDownLatch(1).await(); // never counted down: the test SIGKILLs this JVM
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the child could not hold at step " + p.step(), e);
            }
        };
    }

    /** Like {@link #holdAt}, but the process halts at once, as a native crash or the OOM killer would end it. */
    private static Consumer<TrainingProgress> crashAt(long step, Path marker) {
        return p -> {
            if (p.step() == null || p.step() < step) {
                return;
            }
            try {
                Files.writeString(marker, Long.toString(p.step()));
            } catch (IOException e) {
                throw new IllegalStateException("the child could not write " + marker, e);
            }
            System.out.println("crashing at step " + p.step());
            Runtime.getRuntime().halt(CRASH_STATUS);
        };
    }
}
