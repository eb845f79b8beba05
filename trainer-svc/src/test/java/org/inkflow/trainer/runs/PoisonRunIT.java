package org.inkflow.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.TestStack;
import org.inkflow.trainer.data.DatasetLoader;
import org.inkflow.trainer.training.Hyperparameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poison loop of issue 18: a run whose training kills the trainer process (an injected fault: the child JVM
 * halts mid-run) is resumed by each restarted process until it has started the cap's three times; the next start
 * marks it FAILED without training it (its record then done), and the same scheduler goes on to train the run
 * queued after it.
 */
class PoisonRunIT {

    static TestStack stack;
    static ObjectStore store;
    static final String BUCKET = "inkflow-poison-it";

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, "us-east-1");
        store.ensureBucket();
        ShapesDataset.put(store, "poison", "1", 12, 4, 32, 8);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aRunThatCrashesTheProcessEndsFailedAfterTheCapAndTheNextRunTrains() throws Exception {
        RunStore runs = TrainerChildMain.store(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET);
        RunStatus poison = queued("poison-" + Instant.now().toEpochMilli(), 400);
        runs.save(poison);

        // Each child is a trainer process that picks the run up and dies at its first validation.
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path crashed = tmp.resolve("crashed-" + attempt);
            Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TrainerChildMain.class.getName(),
                    stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, poison.id,
                    tmp.resolve("child-" + attempt).toString(), "10", crashed.toString(), "crash"))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + attempt + ".log").toFile()).start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !child.isAlive());
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(child.exitValue()).as("child %d should crash on purpose; see %s", attempt,
                    tmp.resolve("child-" + attempt + ".log")).isEqualTo(TrainerChildMain.CRASH_STATUS);
            assertThat(Files.exists(crashed)).isTrue();
            RunStatus afterCrash = runs.load(poison.id).orElseThrow();
            assertThat(afterCrash.state).isEqualTo(RunState.RUNNING);
            assertThat(afterCrash.attempts).as("the attempt was counted before the crash").isEqualTo(attempt);
        }

        RunStatus next = queued("next-" + Instant.now().toEpochMilli(), 20);
        runs.save(next);

        // A restarted service: its partitions deliver the two runs' records again, the poison one first.
        RunExecutor executor = TrainerChildMain.executor(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                BUCKET, tmp.resolve("service"));
        try (RunScheduler scheduler = new RunScheduler(runs, new DatasetLoader(runs.objects(), 64, 64, 1000), executor,
                "colorizer", 4096L << 20, RunRequests.NONE, 1)) {
            RunHandle capped = scheduler.start(poison.id, () -> {
                throw new AssertionError("the poison run has a status");
            }).orElseThrow();
            scheduler.start(next.id, () -> {
                throw new AssertionError("the next run has a status");
            }).orElseThrow();
            assertThat(capped.done().toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .as("a capped run ends: its record is done").isEqualTo(RunHandle.End.ENDED);
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> scheduler.get(next.id).orElseThrow().state.terminal());
            RunStatus failed = scheduler.get(poison.id).orElseThrow();
            assertThat(failed.state).isEqualTo(RunState.FAILED);
            assertThat(failed.error).isEqualTo("started 3 times without finishing; the process died each time");
            assertThat(failed.attempts).as("the capped run is not started again").isEqualTo(3);
            RunStatus trained = scheduler.get(next.id).orElseThrow();
            assertThat(trained.state).as(trained.error).isEqualTo(RunState.COMPLETED);
            assertThat(trained.attempts).isEqualTo(1);
        }
        // What a later restart reads: the poison run stays FAILED in the bucket.
        RunStatus stored = runs.load(poison.id).orElseThrow();
        assertThat(stored.state).isEqualTo(RunState.FAILED);
        assertThat(stored.attempts).isEqualTo(3);
    }

    private static RunStatus queued(String id, int steps) {
        RunStatus status = new RunStatus();
        status.id = id;
        status.state = RunState.QUEUED;
        status.datasetName = "poison";
        status.datasetVersion = "1";
        status.modelName = "colorizer";
        status.hyperparameters = Hyperparameters.parse(Map.of("width", 4, "batchSize", 4, "steps", steps,
                "validateEvery", 10, "checkpointEvery", 10, "logEvery", 5, "earlyStoppingPatience", 0)).asMap();
        status.createdAt = Instant.now();
        return status;
    }
}
