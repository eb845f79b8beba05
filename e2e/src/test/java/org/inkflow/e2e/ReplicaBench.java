package org.inkflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.inkflow.common.events.Topics;
import org.inkflow.localstack.ConsumerGroups;
import org.inkflow.localstack.WorkDirs;

/**
 * {@code bench/replicas.sh}: the cleaner's images/s and the trainer's trials/hour with 1 and with 2 replicas of
 * every service, each round on a fresh platform ({@link Platform}, real broker and S3), rounds interleaved
 * (1, 2, 1, 2, ...), medians and the ratio 2 ÷ 1 printed.
 * <ul>
 *   <li>cleaner: the cleaners are frozen (SIGSTOP) while a crawl of OpenMoji stores its images, so
 *   {@code images.raw} holds a backlog; they are thawed together and the time until every offered image has a
 *   cleaned or rejected record gives images/s;</li>
 *   <li>trainer: a random search of 4 trials on the dataset of those samples; submission to COMPLETED gives
 *   trials/hour.</li>
 * </ul>
 * Two replicas share two cores here with the other eight processes, so expect well under 2×.
 */
public final class ReplicaBench {

    record Round(int replicas, int images, double imagesPerSecond, int trials, double trialsPerHour) {
    }

    private ReplicaBench() {
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path root = Path.of(System.getProperty("inkflow.root", ".")).toAbsolutePath().normalize();
        String data = OpenMojiData.locate(System.getProperty("inkflow.e2e.data"), root.resolve(".inkflow/cache"));
        List<Round> done = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int replicas : new int[] {1, 2}) {
                Round r = round(root, data, replicas, images, steps);
                System.out.printf("round %d: %d replica(s): cleaner %.1f images/s, trainer %.1f trials/hour%n",
                        round + 1, replicas, r.imagesPerSecond(), r.trialsPerHour());
                done.add(r);
            }
        }
        double clean1 = median(done, 1, true);
        double clean2 = median(done, 2, true);
        double train1 = median(done, 1, false);
        double train2 = median(done, 2, false);
        System.out.println("\nREPLICAS BENCH (" + images + " images, 4 trials x " + steps + " steps, " + rounds
                + " round(s), medians)");
        System.out.printf("%-24s %12s %12s %8s%n", "", "1 replica", "2 replicas", "2 / 1");
        System.out.printf("%-24s %12.1f %12.1f %7.2fx%n", "cleaner images/s", clean1, clean2, clean2 / clean1);
        System.out.printf("%-24s %12.1f %12.1f %7.2fx%n", "trainer trials/hour", train1, train2, train2 / train1);
    }

    static Round round(Path root, String data, int replicas, int images, int steps) throws Exception {
        Path state = Files.createTempDirectory("inkflow-replica-bench-");
        try (Platform platform = Platform.start(ScaleOutIT.settings(root, state, data, replicas, s -> { }))) {
            PipelineTopics topics = new PipelineTopics(platform.kafkaBootstrapServers());
            ConsumerGroups.awaitShared(platform.kafkaBootstrapServers(), "inkflow-cleaner", Topics.IMAGES_RAW, replicas,
                    Platform.DEFAULT_PARTITIONS, Duration.ofSeconds(90));
            ConsumerGroups.awaitShared(platform.kafkaBootstrapServers(), "inkflow-trainer", Topics.TRAINING_TRIALS,
                    replicas, Platform.DEFAULT_PARTITIONS, Duration.ofSeconds(90));

            // The backlog: the crawl stores its images while the cleaners are frozen (well within their session).
            List<Platform.Replica> cleaners = platform.replicas(InkflowService.CLEANER);
            cleaners.forEach(c -> platform.process(c).pause());
            String job = Api.post(platform.url(InkflowService.CRAWLER, "/crawl-jobs"), Map.of("source", "openmoji",
                    "baseUrl", data, "tags", List.of(), "maxImages", images, "size", 64)).path("id").asText();
            JsonNode crawl = Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Api.get(platform.url(InkflowService.CRAWLER, "/crawl-jobs/" + job)),
                            j -> Set.of("COMPLETED", "FAILED").contains(j.path("state").asText()));
            int offered = topics.offered(job).size();
            long thawed = System.nanoTime();
            cleaners.forEach(c -> platform.process(c).resume());
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> topics.caughtUp(job));
            double imagesPerSecond = offered / ((System.nanoTime() - thawed) / 1e9);
            if (!"COMPLETED".equals(crawl.path("state").asText())) {
                throw new IllegalStateException("crawl " + crawl);
            }

            JsonNode requested = Api.post(platform.url(InkflowService.CLEANER, "/datasets"), Map.of("name", "bench",
                    "imageSize", 64, "lineArt", "paired", "splits", Map.of("train", 0.8, "validation", 0.1, "test", 0.1)));
            String version = requested.path("version").asText();
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Api.get(platform.url(InkflowService.CLEANER, "/datasets/bench/versions/" + version)),
                            d -> "PUBLISHED".equals(d.path("state").asText()));
            String search = ScaleOutIT.spreadRunId();
            long submitted = System.nanoTime();
            Api.post(platform.url(InkflowService.TRAINER, "/runs"), Map.of("runId", search, "datasetName", "bench",
                    "datasetVersion", version, "modelName", "bench",
                    "hyperparameters", Map.of("steps", steps, "validateEvery", steps, "checkpointEvery", steps,
                            "earlyStoppingPatience", 0),
                    "search", Map.of("strategy", "random", "trials", ScaleOutIT.TRIALS, "seed", 3,
                            "space", Map.of("learningRate", Map.of("min", 0.002, "max", 0.01, "log", true)))));
            JsonNode run = Awaitility.await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Api.get(platform.url(InkflowService.TRAINER, "/runs/" + search)),
                            r -> Set.of("COMPLETED", "FAILED", "STOPPED").contains(r.path("state").asText()));
            if (!"COMPLETED".equals(run.path("state").asText())) {
                throw new IllegalStateException("search " + run);
            }
            double trialsPerHour = ScaleOutIT.TRIALS / ((System.nanoTime() - submitted) / 3.6e12);
            return new Round(replicas, offered, imagesPerSecond, ScaleOutIT.TRIALS, trialsPerHour);
        } finally {
            WorkDirs.deleteRecursively(state);
        }
    }

    static double median(List<Round> rounds, int replicas, boolean cleaner) {
        double[] v = rounds.stream().filter(r -> r.replicas() == replicas)
                .mapToDouble(r -> cleaner ? r.imagesPerSecond() : r.trialsPerHour()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
