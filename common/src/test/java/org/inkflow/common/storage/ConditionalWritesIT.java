package org.inkflow.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.inkflow.localstack.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Write-once and compare-and-set between writers that race, on a real S3 server (S3Proxy): what two replicas of a
 * service do when they write the same key at the same moment. With stat-then-put, several racers each saw no object
 * and each "created" it, the last one winning.
 *
 * <p>S3Proxy's {@code If-None-Match: *} is atomic (150 rounds of 6 racers measured: always exactly one creator).
 * Its {@code If-Match} is not (6 writers incrementing a counter by read-modify-write with {@code If-Match} lost 4 of
 * 30 increments), so a compare-and-set of status documents cannot be race-tested against it (ADR 0028).
 */
class ConditionalWritesIT {

    static final int WRITERS = 6;
    private static Path work;
    private static S3ProxyServer s3;
    private static ObjectStore store;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("inkflow-conditional-writes");
        s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, work);
        store = ObjectStore.connect(s3.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                "inkflow-conditional-it", "us-east-1");
        store.ensureBucket();
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void stop() throws IOException {
        pool.shutdownNow();
        s3.close();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs {@code WRITERS} tasks released together; each result is the value or the exception it ended with. */
    static List<Object> race(List<Callable<Object>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                try {
                    return task.call();
                } catch (ObjectStoreException e) {
                    return e;
                }
            }));
        }
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void ofWritersRacingWithDifferentBytesExactlyOneCreatesTheObjectAndTheOthersAreRefused() throws Exception {
        for (int round = 0; round < 30; round++) {
            String key = "raw/race/" + round + ".bin";
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                byte[] mine = ("writer " + w + " round " + round).getBytes(StandardCharsets.UTF_8);
                tasks.add(() -> store.putOnce(key, mine, "application/octet-stream"));
            }
            List<Object> results = race(tasks);
            assertThat(results).as("round %d: %s", round, results).filteredOn(Boolean.TRUE::equals).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof ObjectStoreException).hasSize(WRITERS - 1)
                    .allSatisfy(r -> assertThat(((Exception) r).getMessage()).contains("already exists with other content"));
            int winner = results.indexOf(Boolean.TRUE);
            assertThat(new String(store.get(key), StandardCharsets.UTF_8)).as("the creator's bytes stay")
                    .isEqualTo("writer " + winner + " round " + round);
        }
    }

    @Test
    void ofWritersRacingWithTheSameBytesOneWritesAndTheOthersFindItThere() throws Exception {
        byte[] same = "the same sample".getBytes(StandardCharsets.UTF_8);
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            tasks.add(() -> store.putOnce("samples/same.bin", same, "application/octet-stream"));
        }
        List<Object> results = race(tasks);
        assertThat(results).filteredOn(Boolean.TRUE::equals).hasSize(1);
        assertThat(results).filteredOn(Boolean.FALSE::equals).hasSize(WRITERS - 1);
    }

}
