package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.PutResult;
import org.inkflow.localstack.FreePorts;
import org.inkflow.localstack.KafkaBroker;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.model.training.SyntheticShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poison loop of issue 18, against the packaged trainer under the demo's supervisor: a training run that crashes
 * the process (the trainer's fault injection, on only in this test's environment, halts the JVM after each checkpoint
 * of a run named {@code fault-halt-*}) is resumed by each restarted trainer until it has started the cap's three times;
 * the fourth start marks it FAILED with the cap's message, and the same process then trains the run queued behind it.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PoisonLoopIT {

    static final InkflowService TRAINER = InkflowService.TRAINER;
    static final String DATASET = "poison-loop";
    /** What trainer-svc's FaultInjection exits with. */
    static final int HALT_STATUS = 86;
    static final int MAX_ATTEMPTS = 3;

    @TempDir
    Path state;

    @Test
    void aRunThatCrashesTheTrainerEndsFailedAfterTheCapAndTheNextRunTrains() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Files.createDirectories(state.resolve("logs"));
        List<String> log = new CopyOnWriteArrayList<>();
        Consumer<String> out = line -> {
            log.add(line);
            System.out.println(line);
        };
        Map<String, String> env = Map.of(
                "INKFLOW_TRAINER_FAULT_INJECTION_ENABLED", "true",
                "INKFLOW_TRAINER_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS),
                "INKFLOW_TRAINER_AUTO_TRAIN_ENABLED", "false",
                "INKFLOW_TRAINER_TENSORFLOW_THREADS", "1");
        // One partition: the next run's record waits behind the poison run's, which is the order this test checks
        // (with the platform's default 3 partitions a run on another partition may start while the poison loops).
        Platform.Settings settings = new Platform.Settings(root, state, false, false, Map.of(TRAINER, env), Map.of(), out,
                1, 1);
        Api.useKey(PlatformKeys.generate(state).operator());
        int port = FreePorts.next();
        String trainer = "http://127.0.0.1:" + port;
        try (KafkaBroker kafka = KafkaBroker.start(0);
             S3ProxyServer s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, state.resolve("s3"));
             Supervisor supervisor = new Supervisor(RestartBackoff.DEFAULT, Clock.systemUTC(), state, out)) {
            ObjectStore store = ObjectStore.connect(s3.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                    "inkflow", "us-east-1");
            store.ensureBucket();
            writeShapesDataset(store, 12, 4, 32);
            long firstPid = supervisor.supervise(TRAINER.module(), () -> Platform.serviceProcess(settings, TRAINER, port,
                    kafka.bootstrapServers(), s3.endpoint())).pid();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Platform.httpStatus(trainer + "/q/health/ready") == 200);

            String stamp = Long.toString(Instant.now().toEpochMilli());
            String poison = "fault-halt-poison-" + stamp;
            String next = "next-" + stamp;
            Instant submitted = Instant.now();
            // Checkpoints every 5 steps: each attempt saves one more and halts, each restart resumes from it.
            Api.post(trainer + "/runs", run(poison, 40));
            Api.post(trainer + "/runs", run(next, 10));
            out.accept("poison-loop: submitted " + poison + " and then " + next);

            List<String> restarts = new ArrayList<>();
            JsonNode failed = await("run " + poison + " FAILED by the attempt cap")
                    .atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(Api.ApiException.class)
                    .until(() -> {
                        noteRestarts(supervisor, submitted, restarts, out);
                        return Api.get(trainer + "/runs/" + poison);
                    }, r -> "FAILED".equals(r.path("state").asText()));
            Duration toFailed = Duration.between(submitted, Instant.now());
            JsonNode trained = await("run " + next + " to end after the poison run")
                    .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(Api.ApiException.class)
                    .until(() -> Api.get(trainer + "/runs/" + next), r -> isTerminal(r.path("state").asText()));
            Duration toNext = Duration.between(submitted, Instant.now());
            noteRestarts(supervisor, submitted, restarts, out);

            out.accept("poison-loop: " + poison + " FAILED " + seconds(toFailed) + " after submission ("
                    + failed.path("attempts").asInt() + " attempts, " + restarts.size() + " restarts: " + restarts
                    + "); " + next + " " + trained.path("state").asText() + " " + seconds(toNext)
                    + " after submission, " + seconds(toNext.minus(toFailed)) + " after the poison run failed");

            assertThat(failed.path("error").asText()).isEqualTo("started " + MAX_ATTEMPTS
                    + " times without finishing; the process died each time");
            assertThat(failed.path("attempts").asInt()).as("starts recorded in the run's status").isEqualTo(MAX_ATTEMPTS);
            assertThat(failed.path("resumedAtStep").asLong()).as("the last attempt resumed from a checkpoint: " + failed)
                    .isPositive();
            assertThat(trained.path("state").asText()).as(trained.toString()).isEqualTo("COMPLETED");
            assertThat(trained.path("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(trained.path("startedAt").asText()))
                    .as("the next run starts only once the poison run has failed")
                    .isAfterOrEqualTo(Instant.parse(failed.path("finishedAt").asText()));

            assertThat(supervisor.restartCounts()).containsEntry(TRAINER.module(), MAX_ATTEMPTS);
            assertThat(log.stream().filter(l -> l.startsWith("inkflow: trainer-svc exited with " + HALT_STATUS
                    + "; restarting in"))).as("restarts printed: " + log).hasSize(MAX_ATTEMPTS);
            assertThat(Files.readString(state.resolve("restarts.properties")))
                    .contains(TRAINER.module() + "=" + MAX_ATTEMPTS);
            assertThat(supervisor.current(TRAINER.module()).pid()).isNotEqualTo(firstPid);
            assertThat(supervisor.current(TRAINER.module()).isAlive()).as("the trainer runs on after the cap").isTrue();
            assertThat(Platform.httpStatus(trainer + "/q/health/ready")).isEqualTo(200);
        }
    }

    /** A training request for {@code steps} tiny steps, checkpointed every 5. */
    private static Map<String, Object> run(String id, int steps) {
        return Map.of("runId", id, "datasetName", DATASET, "datasetVersion", "1", "hyperparameters",
                Map.of("width", 4, "batchSize", 4, "steps", steps, "validateEvery", 5, "checkpointEvery", 5,
                        "logEvery", 5, "earlyStoppingPatience", 0));
    }

    private static boolean isTerminal(String state) {
        return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("STOPPED");
    }

    /** Records each restart the supervisor made since {@code since}, with its time. */
    private static void noteRestarts(Supervisor supervisor, Instant since, List<String> restarts, Consumer<String> out) {
        int count = supervisor.restartCounts().getOrDefault(TRAINER.module(), 0);
        while (restarts.size() < count) {
            String at = "restart " + (restarts.size() + 1) + " at +" + seconds(Duration.between(since, Instant.now()));
            restarts.add(at);
            out.accept("poison-loop: trainer " + at);
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** A synthetic-shapes dataset version as the cleaner writes one: samples, then the manifest. */
    private static void writeShapesDataset(ObjectStore store, int train, int validation, int size) {
        Map<String, Object> splits = new LinkedHashMap<>();
        splits.put("train", samples(store, SyntheticShapes.generate(8, train, size, size), size));
        splits.put("validation", samples(store, SyntheticShapes.generate(9, validation, size, size), size));
        splits.put("test", List.of());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", DATASET);
        manifest.put("version", "1");
        manifest.put("imageSize", size);
        manifest.put("splits", splits);
        manifest.put("credits", "synthetic shapes (test data)");
        manifest.put("createdAt", "2026-01-01T00:00:00Z");
        store.putOnce(Keys.datasetManifest(DATASET, "1"), EventJson.write(manifest).getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    private static List<Map<String, Object>> samples(ObjectStore store, SyntheticShapes.Pair pair, int size) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < pair.lineArt().n(); i++) {
            byte[] target = ImageArrays.encodePng(ImageArrays.fromRgb(pair.color().image(i), size, size));
            byte[] input = ImageArrays.encodePng(ImageArrays.fromGray(pair.lineArt().image(i), size, size));
            PutResult t = store.putContentAddressed("samples/tmp", target, "png", "image/png");
            String sha = t.sha256();
            store.putOnce("samples/" + sha + "/input.png", input, "image/png");
            store.putOnce("samples/" + sha + "/target.png", target, "image/png");
            out.add(Map.of("sha256", sha, "inputKey", "samples/" + sha + "/input.png",
                    "targetKey", "samples/" + sha + "/target.png", "tags", List.of("shape")));
        }
        return out;
    }
}
