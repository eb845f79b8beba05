package org.inkflow.inference.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.grpc.v2.GRPCInferenceServiceGrpc;
import org.inkflow.inference.grpc.v2.InferTensorContents;
import org.inkflow.inference.grpc.v2.ModelInferRequest;
import org.inkflow.inference.it.Drawings;
import org.inkflow.localstack.TestCredentials;
import org.inkflow.localstack.TestStack;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.InputNormalization;
import org.inkflow.model.training.SavedModelExporter;
import org.inkflow.model.training.SyntheticShapes;
import org.inkflow.model.training.TinyColorizer;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.model.training.UNetConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Requests/s and latency percentiles of inference-svc, the packaged service run as a real process against a real
 * broker and S3, for {@code /colorize} and {@code /v2/.../infer} at 64x64 and 256x256 with 1 and 16 concurrent
 * clients, once with dynamic batching on (max batch 16) and once off (max batch 1), and with batching on the other
 * encodings of the same v2 request: REST with binary tensor data, and gRPC with {@code raw_input_contents} and with
 * {@code fp32_contents} (ADR 0033), beside bare
 * {@code ColorizerModel.predict} calls (a SavedModelBundle session function) in this process, all in one run on the
 * same machine, printed with ratios. The model is the reference U-Net (width 16, depth 2, 128k parameters).
 *
 * <p>Run by {@code bench/inference.sh}; as a JUnit entry it runs only with {@code -Dinkflow.bench=true}.
 */
public final class InferenceBench {

    /** Sizes, client counts and max batch sizes measured; {@code -Dinkflow.bench.sizes=64} etc. narrow a profiling run. */
    private static final int[] SIZES = ints("inkflow.bench.sizes", "64,256");
    private static final int[] CLIENTS = ints("inkflow.bench.clients", "1,16");
    private static final int[] MAX_BATCHES = ints("inkflow.bench.max-batches", "16,1");
    /** Rounds of the whole set (-Dinkflow.bench.rounds=3): every figure printed is then the median over the rounds. */
    private static final int ROUNDS = Integer.getInteger("inkflow.bench.rounds", 1);

    private static int[] ints(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
    }

    /** One measured scenario. */
    record Result(String what, int size, int clients, long requests, long errors, double seconds, double p50Ms,
                  double p95Ms, double p99Ms) {
        double perSecond() {
            return requests / seconds;
        }
    }

    @Test
    void run() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("inkflow.bench"), "benchmark: run bench/inference.sh");
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("inkflow.bench.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no service jar at " + jar + "; build it: ./mvnw -o -pl inference-svc package -DskipTests");
        }
        Duration measure = Duration.ofSeconds(Long.getLong("inkflow.bench.seconds", 5));
        Duration warmUp = Duration.ofSeconds(Long.getLong("inkflow.bench.warmup-seconds", 2));
        List<List<Result>> rounds = new ArrayList<>();
        Path work = Files.createTempDirectory("inkflow-bench-");
        try (TestStack stack = TestStack.start()) {
            ObjectStore store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                    "inkflow", "us-east-1");
            store.ensureBucket();
            Path modelDir = work.resolve("model");
            ModelCard card = exportReferenceModel(modelDir);
            String location = "models/colorizer/bench/";
            store.putDirectory(modelDir, location);
            promote(stack.kafkaBootstrapServers(), location);
            System.out.printf(Locale.ROOT, "model: reference U-Net, %d parameters, sizeMultiple %d, imageSize %d%n",
                    card.parameters(), card.sizeMultiple(), card.imageSize());
            System.out.printf(Locale.ROOT, "machine: %d cores; %s s per scenario after %s s warm-up%n",
                    Runtime.getRuntime().availableProcessors(), measure.toSeconds(), warmUp.toSeconds());

            System.out.printf(Locale.ROOT, "rounds: %d (each: bare predict, then one service process per batching"
                    + " setting, the settings' order alternating between rounds)%n", ROUNDS);
            for (int round = 0; round < ROUNDS; round++) {
                System.out.printf(Locale.ROOT, "%nround %d of %d%n", round + 1, ROUNDS);
                List<Result> results = new ArrayList<>();
                try (ColorizerModel bare = ColorizerModel.load(modelDir)) {
                    for (int size : SIZES) {
                        for (int clients : CLIENTS) {
                            results.add(bare(bare, size, clients, 1, warmUp, measure));
                        }
                        results.add(bare(bare, size, 1, 16, warmUp, measure));
                    }
                }
                for (int maxBatch : roundOrder(MAX_BATCHES, round)) {
                    results.addAll(service(jar, stack, maxBatch, work, warmUp, measure));
                }
                rounds.add(results);
            }
        } finally {
            deleteRecursively(work);
        }
        print(rounds);
    }

    /**
     * Interleaving: round 1 runs the batching settings in the order given, round 2 in the reverse order, and so on,
     * so that neither side of an on/off ratio always runs first (on a fresh machine) or last (after the other's load).
     */
    static int[] roundOrder(int[] settings, int round) {
        int[] order = settings.clone();
        if (round % 2 == 1) {
            for (int i = 0; i < order.length / 2; i++) {
                int t = order[i];
                order[i] = order[order.length - 1 - i];
                order[order.length - 1 - i] = t;
            }
        }
        return order;
    }

    /** One service process with max batch {@code maxBatch}, and every scenario measured against it. */
    private static List<Result> service(Path jar, TestStack stack, int maxBatch, Path work, Duration warmUp,
                                        Duration measure) throws Exception {
        List<Result> results = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(jar, stack, maxBatch, work)) {
            // What the loopback HTTP round trip alone costs (an unauthenticated GET that touches no model):
            // the floor under every REST row, so the service's own overhead is the rest.
            for (int clients : CLIENTS) {
                results.add(floor(service, maxBatch, clients, warmUp, measure));
            }
            for (String endpoint : List.of("colorize", "v2")) {
                for (int size : SIZES) {
                    for (int clients : CLIENTS) {
                        results.add(http(service, endpoint, maxBatch, size, clients, warmUp, measure));
                    }
                }
            }
            if (maxBatch > 1) {
                // The other encodings of the same request, batching on: what JSON costs is the difference.
                for (int size : SIZES) {
                    for (int clients : CLIENTS) {
                        results.add(http(service, "v2-binary", maxBatch, size, clients, warmUp, measure));
                        results.add(grpc(service, true, size, clients, warmUp, measure));
                        results.add(grpc(service, false, size, clients, warmUp, measure));
                    }
                }
            }
        }
        return results;
    }

    /** The reference architecture with seeded initial weights: what it costs to run is what matters here. */
    static ModelCard exportReferenceModel(Path dir) {
        UNetConfig config = UNetConfig.defaults();
        SyntheticShapes.Pair data = SyntheticShapes.generate(7, 8, 64, 64);
        InputNormalization normalization = InputNormalization.of(data.lineArt().data());
        try (TrainingGraph graph = new TrainingGraph(TrainingGraph.Options.defaults(config, normalization, 7))) {
            ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, "colorizer", "bench", "bench",
                    new ModelCard.DatasetRef("synthetic-shapes", "1"), 64, config.sizeMultiple(), graph.parameterCount(),
                    config.describe(), Map.of(), 7L, Map.of(),
                    new ModelCard.InputStats((double) normalization.mean(), (double) normalization.std(),
                            TinyColorizer.histogram(data.lineArt().data(), 10)),
                    "synthetic shapes generated by Inkflow", "bench", 0.0, Instant.now());
            SavedModelExporter.writeModel(graph, card, dir);
            return card;
        }
    }

    private static void promote(String bootstrap, String location) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ModelPromotion p = new ModelPromotion(ModelPromotion.SCHEMA_VERSION, "colorizer", "production", "bench",
                    location, Map.of(), "promote", null, Instant.now());
            producer.send(new ProducerRecord<>(Topics.MODELS_PROMOTIONS, p.key(), EventJson.write(p)));
            producer.flush();
        }
    }

    private static Result bare(ColorizerModel model, int size, int clients, int batch, Duration warmUp, Duration measure)
            throws Exception {
        float[] one = Drawings.lineArt(size, size, 1);
        float[] input = new float[batch * one.length]; // [batch, size, size, 1]
        for (int i = 0; i < batch; i++) {
            System.arraycopy(one, 0, input, i * one.length, one.length);
        }
        ImageBatch lineArt = new ImageBatch(batch, size, size, 1, input);
        String what = batch == 1 ? "bare predict" : "bare predict, batch " + batch;
        Result r = load(what, size, clients, warmUp, measure, () -> {
            model.predict(lineArt);
            return 200;
        });
        // Per image, so that batch 16 and batch 1 compare.
        return new Result(r.what(), size, clients, r.requests() * batch, r.errors(), r.seconds(), r.p50Ms(), r.p95Ms(), r.p99Ms());
    }

    private static Result http(ServiceProcess service, String endpoint, int maxBatch, int size, int clients,
                               Duration warmUp, Duration measure) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request;
        if (endpoint.equals("colorize")) {
            request = HttpRequest.newBuilder(URI.create(service.base() + "/colorize")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "image/png").header("X-API-Key", TestCredentials.get().consumerKey())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Drawings.png(size, size, 1))).build();
        } else if (endpoint.equals("v2-binary")) {
            // The binary tensor data extension: JSON header of Inference-Header-Content-Length bytes, then the
            // input's little-endian bytes; the output asked binary too.
            float[] input = Drawings.lineArt(size, size, 1);
            byte[] header = ("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1," + size + "," + size
                    + ",1],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + input.length * 4 + "}}],"
                    + "\"parameters\":{\"binary_data_output\":true}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ByteBuffer body = ByteBuffer.allocate(header.length + input.length * 4).order(ByteOrder.LITTLE_ENDIAN)
                    .put(header);
            body.asFloatBuffer().put(input);
            request = HttpRequest.newBuilder(URI.create(service.base() + "/v2/models/colorizer/infer"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/octet-stream")
                    .header("Inference-Header-Content-Length", String.valueOf(header.length))
                    .header("X-API-Key", TestCredentials.get().consumerKey())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.array())).build();
        } else {
            request = HttpRequest.newBuilder(URI.create(service.base() + "/v2/models/colorizer/infer"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("X-API-Key", TestCredentials.get().consumerKey())
                    .POST(HttpRequest.BodyPublishers.ofString(Drawings.inferRequest("bench", 1, size, size))).build();
        }
        String what = switch (endpoint) {
            case "colorize" -> "/colorize";
            case "v2-binary" -> "/v2 infer binary";
            default -> "/v2 infer";
        } + ", batching " + (maxBatch > 1 ? "on" : "off");
        ServerTimes before = ServerTimes.scrape(service);
        Result result = load(what, size, clients, warmUp, measure,
                () -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        ServerTimes.scrape(service).since(before).print();
        return result;
    }

    /**
     * Where a service request's time goes, from the service's own metrics over one scenario (warm-up included):
     * mean time inside the service (inkflow_inference_request_seconds, from the request filter to the answer) and
     * mean model call (inkflow_inference_model_seconds, one batch), so that what the client sees splits into
     * transport (client minus service), service work beside the model, and the model.
     */
    record ServerTimes(double requestSeconds, long requests, double modelSeconds, long modelCalls) {
        static ServerTimes scrape(ServiceProcess service) throws Exception {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.base() + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            double requestSeconds = 0;
            long requests = 0;
            double modelSeconds = 0;
            long modelCalls = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int end = line.indexOf('{');
                String name = line.substring(0, end < 0 ? line.indexOf(' ') : end);
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                switch (name) {
                    case "inkflow_inference_request_seconds_sum" -> requestSeconds += value;
                    case "inkflow_inference_request_seconds_count" -> requests += (long) value;
                    case "inkflow_inference_model_seconds_sum" -> modelSeconds += value;
                    case "inkflow_inference_model_seconds_count" -> modelCalls += (long) value;
                    default -> { }
                }
            }
            return new ServerTimes(requestSeconds, requests, modelSeconds, modelCalls);
        }

        ServerTimes since(ServerTimes before) {
            return new ServerTimes(requestSeconds - before.requestSeconds, requests - before.requests,
                    modelSeconds - before.modelSeconds, modelCalls - before.modelCalls);
        }

        void print() {
            System.out.printf(Locale.ROOT, "      in the service: %.2f ms a request (%d), model %.2f ms a call (%d calls)%n",
                    requests == 0 ? Double.NaN : 1e3 * requestSeconds / requests, requests,
                    modelCalls == 0 ? Double.NaN : 1e3 * modelSeconds / modelCalls, modelCalls);
        }
    }

    private static Result floor(ServiceProcess service, int maxBatch, int clients, Duration warmUp, Duration measure)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.base() + "/v2/health/live"))
                .timeout(Duration.ofSeconds(60)).build();
        return load("HTTP floor (GET /v2/health/live), batching " + (maxBatch > 1 ? "on" : "off"), 0, clients, warmUp,
                measure,
                () -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    /** gRPC {@code ModelInfer} with the input in {@code raw_input_contents} (raw out) or {@code fp32_contents}. */
    private static Result grpc(ServiceProcess service, boolean raw, int size, int clients, Duration warmUp,
                               Duration measure) throws Exception {
        float[] input = Drawings.lineArt(size, size, 1); // [1, size, size, 1]
        ModelInferRequest.InferInputTensor.Builder tensor = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("line_art").setDatatype("FP32").addShape(1).addShape(size).addShape(size).addShape(1);
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("colorizer");
        if (raw) {
            ByteBuffer bytes = ByteBuffer.allocate(input.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(input);
            request.addInputs(tensor).addRawInputContents(ByteString.copyFrom(bytes.array()));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float v : input) {
                contents.addFp32Contents(v);
            }
            request.addInputs(tensor.setContents(contents));
        }
        ModelInferRequest built = request.build();
        Metadata key = new Metadata();
        key.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), TestCredentials.get().consumerKey());
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.grpcPort()).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        try {
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc
                    .newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(key));
            ServerTimes before = ServerTimes.scrape(service);
            Result result = load("gRPC infer " + (raw ? "raw" : "fp32") + ", batching on", size, clients, warmUp,
                    measure, () -> {
                        stub.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(built);
                        return 200;
                    });
            ServerTimes.scrape(service).since(before).print();
            return result;
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** {@code clients} threads call {@code call} back to back; only calls started after the warm-up count. */
    private static Result load(String what, int size, int clients, Duration warmUp, Duration measure,
                               Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime() + warmUp.toNanos();
            long end = start + measure.toNanos();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    long errors = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        int status;
                        try {
                            status = call.call();
                        } catch (io.grpc.StatusRuntimeException e) {
                            status = 500; // a refused or failed gRPC call is an error like a non-200 answer
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= start) {
                            if (status != 200) {
                                errors++;
                            }
                            if (n == latencies.length) {
                                latencies = Arrays.copyOf(latencies, n * 2);
                            }
                            latencies[n++] = t1 - t0;
                        }
                    }
                    long[] out = Arrays.copyOf(latencies, n + 1);
                    out[n] = errors; // the last slot carries the error count
                    return out;
                }));
            }
            List<Long> all = new ArrayList<>();
            long errors = 0;
            for (Future<long[]> f : futures) {
                long[] r = f.get(measure.toSeconds() + warmUp.toSeconds() + 120, TimeUnit.SECONDS);
                for (int i = 0; i < r.length - 1; i++) {
                    all.add(r[i]);
                }
                errors += r[r.length - 1];
            }
            long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
            // Calls that finish after the window still count: the window is from its start to the last answer.
            double seconds = measure.toNanos() / 1e9;
            Result result = new Result(what, size, clients, sorted.length, errors, seconds,
                    percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99));
            System.out.printf(Locale.ROOT, "  %-34s %4dpx %2d clients: %8.1f req/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms%s%n",
                    what, size, clients, result.perSecond(), result.p50Ms(), result.p95Ms(), result.p99Ms(),
                    errors > 0 ? "  ERRORS " + errors : "");
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static String key(String what, int size, int clients) {
        return what + "|" + size + "|" + clients;
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN when there are none. */
    static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The scenario's values over the rounds (NaN in a round that lacks it). */
    private static double[] values(List<Map<String, Result>> rounds, String key, ToDoubleFunction<Result> value) {
        return rounds.stream().mapToDouble(r -> r.containsKey(key) ? value.applyAsDouble(r.get(key)) : Double.NaN)
                .toArray();
    }

    /** Throughput of {@code numerator} over {@code denominator} in each round, both sides from the same round. */
    private static double[] ratios(List<Map<String, Result>> rounds, String numerator, String denominator) {
        return rounds.stream().mapToDouble(r -> r.containsKey(numerator) && r.containsKey(denominator)
                ? r.get(numerator).perSecond() / r.get(denominator).perSecond() : Double.NaN).toArray();
    }

    /** The median, and with several rounds each round's value, so that the spread shows beside it. */
    static String show(double[] values, String format) {
        String median = String.format(Locale.ROOT, format, median(values));
        if (values.length < 2) {
            return median;
        }
        return median + Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, format, v))
                .collect(java.util.stream.Collectors.joining(", ", " [", "]"));
    }

    private static void print(List<List<Result>> rounds) {
        List<Map<String, Result>> byRound = new ArrayList<>();
        for (List<Result> round : rounds) {
            Map<String, Result> byKey = new LinkedHashMap<>();
            round.forEach(r -> byKey.put(key(r.what(), r.size(), r.clients()), r));
            byRound.add(byKey);
        }
        String rows = rounds.size() == 1 ? "one round" : "median of " + rounds.size() + " rounds; req/s of each round in []";
        System.out.println();
        System.out.println("Scenarios (" + rows + "):");
        System.out.println("| scenario | size | clients | req/s | p50 ms | p95 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        // Every round measures the same scenarios; the second batching setting's floor repeats the first's key, so
        // each round's rows are printed in its own order, once per key.
        for (Result r : rounds.get(0)) {
            String key = key(r.what(), r.size(), r.clients());
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %.2f | %.2f | %.2f | %d |%n", r.what(), r.size(),
                    r.clients(), show(values(byRound, key, Result::perSecond), "%.1f"),
                    median(values(byRound, key, Result::p50Ms)), median(values(byRound, key, Result::p95Ms)),
                    median(values(byRound, key, Result::p99Ms)),
                    (long) Arrays.stream(values(byRound, key, Result::errors)).filter(v -> !Double.isNaN(v)).sum());
        }
        System.out.println();
        System.out.println("Encodings of the same v2 request at 64px, batching on (rounds as above): req/s, p50,"
                + " service/bare predict");
        for (int clients : CLIENTS) {
            String bare = key("bare predict", 64, clients);
            for (String what : List.of("/v2 infer", "/v2 infer binary", "gRPC infer raw", "gRPC infer fp32")) {
                String key = key(what + ", batching on", 64, clients);
                if (byRound.get(0).containsKey(key) && byRound.get(0).containsKey(bare)) {
                    System.out.printf(Locale.ROOT, "  %-18s %2d client%s: %8.1f req/s  p50 %6.2f ms  service/bare %s%n",
                            what, clients, clients == 1 ? " " : "s", median(values(byRound, key, Result::perSecond)),
                            median(values(byRound, key, Result::p50Ms)), show(ratios(byRound, key, bare), "%.2f"));
                }
            }
        }
        System.out.println();
        System.out.println("Ratios (both sides from the same round; " + rows.replace("req/s of ", "") + "):");
        for (String endpoint : List.of("/colorize", "/v2 infer")) {
            for (int size : SIZES) {
                String on = key(endpoint + ", batching on", size, 16);
                String off = key(endpoint + ", batching off", size, 16);
                String bare = key("bare predict", size, 16);
                if (byRound.get(0).containsKey(on) && byRound.get(0).containsKey(off)) {
                    System.out.printf(Locale.ROOT, "  %-10s %3dpx, 16 clients: batching on/off throughput %sx"
                                    + " (p95 %.1f vs %.1f ms); service/bare predict %s%n", endpoint, size,
                            show(ratios(byRound, on, off), "%.2f"), median(values(byRound, on, Result::p95Ms)),
                            median(values(byRound, off, Result::p95Ms)), show(ratios(byRound, on, bare), "%.2f"));
                }
                String on1 = key(endpoint + ", batching on", size, 1);
                String bare1 = key("bare predict", size, 1);
                if (byRound.get(0).containsKey(on1) && byRound.get(0).containsKey(bare1)) {
                    System.out.printf(Locale.ROOT, "  %-10s %3dpx,  1 client : service/bare predict throughput %s"
                                    + " (p50 %.2f vs %.2f ms)%n", endpoint, size, show(ratios(byRound, on1, bare1), "%.2f"),
                            median(values(byRound, on1, Result::p50Ms)), median(values(byRound, bare1, Result::p50Ms)));
                }
            }
        }
    }

    /** The packaged service ({@code quarkus-run.jar}) as a child process on a free loopback port. */
    static final class ServiceProcess implements AutoCloseable {
        private final Process process;
        private final int port;
        private final int grpcPort;

        private ServiceProcess(Process process, int port, int grpcPort) {
            this.process = process;
            this.port = port;
            this.grpcPort = grpcPort;
        }

        int grpcPort() {
            return grpcPort;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        static ServiceProcess start(Path jar, TestStack stack, int maxBatch, Path work) throws Exception {
            int port = org.inkflow.localstack.FreePorts.next();
            int grpcPort = org.inkflow.localstack.FreePorts.next();
            Path log = work.resolve("service-batch-" + maxBatch + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                    "-Dinkflow.inference.grpc.port=" + grpcPort, "-Dinkflow.inference.grpc.host=127.0.0.1",
                    "-Dkafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                    "-Dinkflow.s3.endpoint=" + stack.s3Endpoint(),
                    "-Dinkflow.s3.access-key=" + stack.s3AccessKey(),
                    "-Dinkflow.s3.secret-key=" + stack.s3SecretKey(),
                    "-Dinkflow.inference.batching.max-batch-size=" + maxBatch,
                    "-Dinkflow.inference.limits.max-request-bytes=67108864",
                    "-Dquarkus.log.level=WARN"));
            // Extra service settings for an A/B run, e.g. -Dinkflow.bench.service-args=
            // "-Dinkflow.inference.batching.caller-runs-when-idle=false"
            for (String arg : System.getProperty("inkflow.bench.service-args", "").trim().split("\\s+")) {
                if (!arg.isEmpty()) {
                    command.add(arg);
                }
            }
            String jfr = System.getProperty("inkflow.bench.jfr", "");
            if (!jfr.isBlank()) {
                // A flight recording of the service (profile settings: method samples every 10 ms per thread).
                Path recording = Path.of(jfr).toAbsolutePath().resolve("service-batch-" + maxBatch + ".jfr");
                Files.createDirectories(recording.getParent());
                command.add("-XX:StartFlightRecording=settings=profile,filename=" + recording);
            }
            TestCredentials.get().quarkusProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-jar", jar.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServiceProcess service = new ServiceProcess(process, port, grpcPort);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited: " + Files.readString(log));
                }
                try {
                    int status = client.send(HttpRequest.newBuilder(URI.create(service.base() + "/v2/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return service;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                process.waitFor(250, TimeUnit.MILLISECONDS);
            }
            service.close();
            throw new IllegalStateException("the service did not become ready in 180 s: " + Files.readString(log));
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
