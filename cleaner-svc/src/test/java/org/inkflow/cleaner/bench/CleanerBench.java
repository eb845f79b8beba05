package org.inkflow.cleaner.bench;

import java.awt.Color;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inkflow.cleaner.RawImages;
import org.inkflow.cleaner.TestImages;
import org.inkflow.cleaner.dedup.DuplicateIndex;
import org.inkflow.cleaner.filters.AspectRatioFilter;
import org.inkflow.cleaner.filters.BlockedTagFilter;
import org.inkflow.cleaner.filters.ColorFractionFilter;
import org.inkflow.cleaner.filters.EdgeDensityFilter;
import org.inkflow.cleaner.filters.FilterChain;
import org.inkflow.cleaner.filters.GrayscaleFilter;
import org.inkflow.cleaner.filters.MinSizeFilter;
import org.inkflow.cleaner.filters.NearDuplicateFilter;
import org.inkflow.cleaner.filters.RatingFilter;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.lineart.XDoGExtractor;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.samples.ImagePipeline;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.TestStack;

/**
 * The cleaner's throughput: images/s through decode, filters, line art and PNG encoding in memory at 64 and 256,
 * and the same images through the packaged service with the real broker and S3 (store raw, emit images.raw, wait
 * for every samples.cleaned/rejected), printed side by side as ratios. Run by {@code bench/cleaner.sh}.
 *
 * <p>Usage: {@code CleanerBench <quarkus-run.jar or "-"> [inMemoryImages=200] [endToEndImages=200]}
 */
public final class CleanerBench {

    private CleanerBench() {
    }

    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "-";
        int inMemory = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int endToEnd = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        List<byte[]> sources = sources(Math.max(inMemory, endToEnd));

        double at64 = inMemory(sources.subList(0, inMemory), 64);
        double at256 = inMemory(sources.subList(0, inMemory), 256);
        System.out.printf(Locale.ROOT, "in-memory decode+filters+line art+encode, 640x480 PNG sources:%n");
        System.out.printf(Locale.ROOT, "  size  64: %8.1f images/s%n", at64);
        System.out.printf(Locale.ROOT, "  size 256: %8.1f images/s%n", at256);
        System.out.printf(Locale.ROOT, "  ratio 256/64: %.3f%n", at256 / at64);
        if (!"-".equals(jar)) {
            double service = throughService(Path.of(jar), sources.subList(0, endToEnd));
            System.out.printf(Locale.ROOT, "through Kafka + S3 (packaged cleaner-svc, size 64): %8.1f images/s%n", service);
            System.out.printf(Locale.ROOT, "  ratio service/in-memory at 64: %.3f%n", service / at64);
        }
    }

    /** Distinct, accepted-looking drawings: 640x480 PNGs of varied colour and layout. */
    static List<byte[]> sources(int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Color fill = Color.getHSBColor((i * 0.61803f) % 1f, 0.7f, 0.95f);
            out.add(TestImages.png(TestImages.drawing(640, 480, fill, 1000 + i)));
        }
        return out;
    }

    static double inMemory(List<byte[]> sources, int size) {
        ImagePipeline pipeline = pipeline(size);
        for (int i = 0; i < Math.min(30, sources.size()); i++) {
            pipeline.process(sources.get(i), null); // warm-up: JIT and ImageIO's plugin registry
        }
        long start = System.nanoTime();
        for (byte[] source : sources) {
            if (!(pipeline.process(source, null) instanceof ImagePipeline.Cleaned)) {
                throw new IllegalStateException("a benchmark image was rejected; the bench measures the full path");
            }
        }
        return sources.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static ImagePipeline pipeline(int size) {
        DuplicateIndex index = new DuplicateIndex();
        FilterChain chain = new FilterChain(
                List.of(new RatingFilter(List.of("q", "e")), new BlockedTagFilter(List.of("comic"))),
                List.of(new MinSizeFilter(64), new AspectRatioFilter(2.5), new GrayscaleFilter(0.06),
                        new ColorFractionFilter(0.15, 0.02), new EdgeDensityFilter(0.25, 0.45),
                        new NearDuplicateFilter(index, 6, 0.03)));
        return new ImagePipeline(new org.inkflow.common.image.SafeImageDecoder(16_777_216L), chain,
                new Normalizer(size, NormalizeMode.PAD), LineArtMode.EXTRACTED, XDoGExtractor.defaults());
    }

    static double throughService(Path jar, List<byte[]> sources) throws Exception {
        try (TestStack stack = TestStack.start()) {
            int port = freePort();
            Path log = Files.createTempFile("cleaner-bench-", ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            stack.quarkusProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN", "-jar", jar.toString()));
            Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitReady(port, service, log);
                ObjectStore store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), "inkflow", "us-east-1");
                List<RawImageStored> events = new ArrayList<>();
                for (byte[] source : sources) {
                    String sha = org.inkflow.common.storage.ContentHash.sha256(source);
                    String key = "raw/bench/shapes/" + sha + ".png";
                    store.putOnce(key, source, "image/png");
                    events.add(RawImages.event(sha, key, null, null, null, "shapes"));
                }
                try (KafkaConsumer<String, String> consumer = consumer(stack.kafkaBootstrapServers());
                     KafkaProducer<String, String> producer = producer(stack.kafkaBootstrapServers())) {
                    consumer.subscribe(List.of(Topics.SAMPLES_CLEANED, Topics.SAMPLES_REJECTED));
                    consumer.poll(Duration.ofMillis(500));
                    long start = System.nanoTime();
                    for (RawImageStored e : events) {
                        producer.send(new ProducerRecord<>(Topics.IMAGES_RAW, e.key(), EventJson.write(e)));
                    }
                    producer.flush();
                    Set<String> done = new HashSet<>();
                    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                    while (done.size() < events.size()) {
                        if (System.nanoTime() > deadline || !service.isAlive()) {
                            throw new IllegalStateException("only " + done.size() + " of " + events.size()
                                    + " images came out; service log: " + log);
                        }
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            done.add(r.key());
                        }
                    }
                    return events.size() / ((System.nanoTime() - start) / 1e9);
                }
            } finally {
                service.destroy();
                if (!service.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            }
        }
    }

    private static void awaitReady(int port, Process service, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("cleaner-svc exited; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500); // polling a child process from a main, not a test
        }
        throw new IllegalStateException("cleaner-svc not ready after 2 minutes; see " + log);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "cleaner-bench",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
