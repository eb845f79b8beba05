package org.inkflow.inference.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.serving.ServedModel;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestCredentials;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hot swap with the real broker, S3 and SavedModels: a promotion swaps versions under a few hundred requests in
 * flight without one failing; a broken promotion leaves the current version serving; a kept version comes back
 * at once.
 */
@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class HotSwapIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    TestStack stack;

    @Inject
    ObjectStore store;

    @Inject
    ColorizerService service;

    @TestHTTPResource("/")
    URL root;

    KafkaCompanion companion;

    @BeforeEach
    void connect() {
        companion = new KafkaCompanion(stack.kafkaBootstrapServers());
    }

    @AfterEach
    void disconnect() {
        companion.close();
    }

    /** One colorize request's outcome: HTTP status and the version header. */
    record Outcome(int status, String version, long finishedNanos) {
    }

    @Test
    void aPromotionSwapsUnderLoadWithoutAFailedRequestAndABrokenOneKeepsTheCurrentVersion() throws Exception {
        String v1 = ModelFixtures.exportTiny(store, "1", 1);
        String v2 = ModelFixtures.exportTiny(store, "2", 2);
        String broken = ModelFixtures.uploadBroken(store, "3");
        ModelFixtures.promote(companion, "1", v1);
        awaitServing("1");
        double successes = loads("success");
        double failures = loads("failure");

        // Eight clients post drawings until the swap has happened and 40 more requests ran on the new version.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI colorize = root.toURI().resolve("/colorize");
        byte[] png = Drawings.png(40, 24, 1);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger afterSwap = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            running.add(clients.submit(() -> {
                // Bounded: at most 100 requests per client, so the test ends even if the swap never comes.
                for (int i = 0; i < 100 && !stop.get(); i++) {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(colorize).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "image/png").header("X-API-Key", TestCredentials.get().consumerKey())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    String version = r.headers().firstValue("X-Inkflow-Model-Version").orElse(null);
                    outcomes.add(new Outcome(r.statusCode(), version, System.nanoTime()));
                    if ("2".equals(version) && afterSwap.incrementAndGet() >= 40) {
                        stop.set(true);
                    }
                }
                return null;
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() >= 60);
        ModelFixtures.promote(companion, "2", v2);
        for (Future<?> f : running) {
            f.get(180, TimeUnit.SECONDS);
        }
        clients.shutdownNow();

        List<Outcome> all = new ArrayList<>(outcomes);
        assertThat(all.size()).isGreaterThanOrEqualTo(100);
        assertThat(all).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        assertThat(all).extracting(Outcome::version).contains("1", "2").containsOnly("1", "2");
        // Once a request saw version 2, none finishing after it saw version 1 (modulo requests already batched).
        long firstTwo = all.stream().filter(o -> "2".equals(o.version())).mapToLong(Outcome::finishedNanos).min().orElseThrow();
        long lateOnes = all.stream().filter(o -> "1".equals(o.version()) && o.finishedNanos() > firstTwo + 2_000_000_000L).count();
        assertThat(lateOnes).isZero();
        assertThat(loads("success") - successes).isEqualTo(1.0);

        // Version 1 is kept: callers can still ask for it.
        given().contentType("application/json").body(Drawings.inferRequest("old", 1, 8, 12))
                .post("/v2/models/colorizer/versions/1/infer").then().statusCode(200).body("model_version", equalTo("1"));
        given().get("/v2/models/colorizer").then().statusCode(200).body("versions", equalTo(List.of("2", "1")));

        // A broken model: the load fails, is counted, and version 2 keeps serving; readiness stays up.
        ModelFixtures.promote(companion, "3", broken);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> loads("failure") - failures >= 1.0);
        assertThat(service.registry().current()).get().extracting(ServedModel::version).isEqualTo("2");
        given().contentType("image/png").body(png).post("/colorize").then().statusCode(200)
                .header("X-Inkflow-Model-Version", "2");
        given().get("/v2/health/ready").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model' }.data.version", equalTo("2"))
                .body("checks.find { it.name == 'model' }.data.promotedVersion", equalTo("3"));

        // Rolling back to a kept version is instant: no download, no load.
        double loadsBefore = loads("success");
        ModelFixtures.promote(companion, "1", v1);
        awaitServing("1");
        assertThat(loads("success")).isEqualTo(loadsBefore);
        String metrics = Scrape.metrics();
        assertThat(metrics).contains("inkflow_inference_model_info{model=\"colorizer\",version=\"1\"} 1")
                .doesNotContain("inkflow_inference_model_info{model=\"colorizer\",version=\"2\"}");
    }

    private void awaitServing(String version) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                given().get("/models").then().statusCode(200).body("models[0].servingVersion", equalTo(version)));
    }

    private double loads(String outcome) {
        return Scrape.sum("inkflow_inference_model_loads_total", "outcome=\"" + outcome + "\"");
    }
}
