package org.inkflow.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.TestStack;
import org.inkflow.trainer.training.CheckpointState;
import org.inkflow.trainer.training.Hyperparameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer JVM is SIGKILLed mid-run; a fresh executor picks the run up from the bucket and finishes it from its
 * latest checkpoint: the step count continues, the restored model scores the validation split as it did at the
 * checkpoint, and the metrics curve has no gap.
 */
class ResumeAfterKillIT {

    static TestStack stack;
    static ObjectStore store;
    static final String BUCKET = "inkflow-kill-it";

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, "us-east-1");
        store.ensureBucket();
        ShapesDataset.put(store, "kill", "1", 12, 4, 32, 8);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aKilledRunResumesFromItsLatestCheckpoint() throws Exception {
        RunStore runs = TrainerChildMain.store(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET);
        RunStatus status = new RunStatus();
        status.id = "kill-" + Instant.now().toEpochMilli();
        status.state = RunState.QUEUED;
        status.datasetName = "kill";
        status.datasetVersion = "1";
        status.modelName = "colorizer";
        // Early stopping off (patience 0): on 12 training images the validation loss soon plateaus, and whether
        // five validations in a row fail to improve before step 400 turns on the last bits of the float arithmetic
        // (the CPU, TensorFlow's thread count); an uninterrupted run stops where the resumed one does. Off, every
        // run reaches step 400 by construction.
        status.hyperparameters = Hyperparameters.parse(Map.of("width", 4, "batchSize", 4, "steps", 400,
                "validateEvery", 20, "checkpointEvery", 20, "logEvery", 5, "learningRate", 0.005,
                "earlyStoppingPatience", 0)).asMap();
        status.createdAt = Instant.now();
        runs.save(status);

        // The child holds at the validation of step 60, before that step's checkpoint: the kill always lands after
        // the checkpoint of step 40 and before any later one, however fast the child trains.
        Path held = tmp.resolve("held");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrainerChildMain.class.getName(),
                stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, status.id, tmp.resolve("child").toString(),
                "60", held.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(held) || !child.isAlive());
            assertThat(child.isAlive()).as("the child trainer died early; see %s", tmp.resolve("child.log")).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint, status left RUNNING
            child.waitFor();
        }
        RunStatus afterKill = runs.load(status.id).orElseThrow();
        assertThat(afterKill.state).isEqualTo(RunState.RUNNING);
        CheckpointState checkpoint = runs.latest(status.id).orElseThrow().state();
        assertThat(checkpoint.step()).isEqualTo(40);

        // A new process (here: a new executor in this JVM) finds the run and resumes it.
        RunExecutor executor = TrainerChildMain.executor(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                BUCKET, tmp.resolve("resume"));
        executor.execute(afterKill, id -> false, () -> false);

        assertThat(afterKill.state).as(afterKill.error).isEqualTo(RunState.COMPLETED);
        assertThat(afterKill.attempts).isEqualTo(2);
        assertThat(afterKill.resumedAtStep).isEqualTo(checkpoint.step());
        assertThat(afterKill.resumedValidationLoss).isCloseTo(checkpoint.validationLoss(),
                within(0.1 * checkpoint.validationLoss()));
        assertThat(afterKill.step).isEqualTo(400);
        assertThat(store.exists(afterKill.modelLocation + "saved_model/saved_model.pb")).isTrue();
        // The curve continues: every logged step from 1 to 400 once, the resume recorded between them.
        String metrics = new String(store.get("runs/" + status.id + "/metrics.jsonl"), StandardCharsets.UTF_8);
        List<Long> steps = metrics.lines().filter(l -> l.contains("\"type\":\"step\""))
                .map(l -> Long.parseLong(l.replaceAll(".*\"step\":(\\d+).*", "$1"))).toList();
        assertThat(steps).doesNotHaveDuplicates().isSorted().contains(1L, checkpoint.step() + 1, 400L);
        assertThat(metrics).contains("\"type\":\"resume\"");
    }
}
