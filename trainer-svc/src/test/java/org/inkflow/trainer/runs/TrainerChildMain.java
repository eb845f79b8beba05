package org.inkflow.trainer.runs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.trainer.data.DatasetLoader;
import org.inkflow.trainer.metrics.TrainerMetrics;
import org.inkflow.trainer.training.TrainingLoop;

/**
 * A trainer process for the kill test: executes one run stored in the bucket, as the service's worker would, in
 * a JVM of its own that the test can SIGKILL. Arguments: S3 endpoint, access key, secret key, bucket, run id,
 * work dir.
 */
public final class TrainerChildMain {

    private TrainerChildMain() {
    }

    public static void main(String[] args) {
        RunExecutor executor = executor(args[0], args[1], args[2], args[3], Path.of(args[5]));
        RunStore store = store(args[0], args[1], args[2], args[3]);
        RunStatus status = store.load(args[4]).orElseThrow();
        executor.execute(status, id -> false, () -> false);
        System.exit(0);
    }

    static RunStore store(String endpoint, String access, String secret, String bucket) {
        ObjectStore objects = ObjectStore.connect(endpoint, access, secret, bucket, "us-east-1");
        return new RunStore(objects, ObjectDeleter.minio(endpoint, access, secret, "us-east-1", bucket));
    }

    static RunExecutor executor(String endpoint, String access, String secret, String bucket, Path work) {
        RunStore store = store(endpoint, access, secret, bucket);
        DatasetLoader datasets = new DatasetLoader(store.objects(), 64, 64, 1000);
        return new RunExecutor(store, datasets, new TrainerMetrics(new SimpleMeterRegistry()), p -> { }, c -> { },
                new RunExecutor.Settings(new TrainingLoop.Settings(1, 1, 2, 100, 2, work), "test"));
    }
}
