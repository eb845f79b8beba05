package org.inkflow.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.ModelEvaluation;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.Topics;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.inkflow.evaluator.baseline.BaselineStore;
import org.inkflow.evaluator.config.EvaluatorConfig;
import org.inkflow.evaluator.metrics.EvaluatorMeters;
import org.inkflow.evaluator.config.RegistryGauges;
import org.inkflow.evaluator.registry.ModelRegistry;
import org.inkflow.evaluator.registry.ModelVersion;
import org.inkflow.evaluator.registry.VersionState;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The evaluator end to end against a real broker and S3, with SavedModels exported by real TensorFlow Java: a
 * good candidate is blessed, promoted and reported; one worse than the line-copy baseline is rejected and says
 * why; the same candidate twice is evaluated once; promote, rollback and ensembles over REST; the registry
 * survives a restart; poison records go to the dead-letter topic; the report renders in headless Chromium.
 * The methods build on each other, in order.
 */
@QuarkusTest
@TestProfile(EvaluationFlowIT.ShapesGates.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluationFlowIT {

    private static final String PROBLEM = "application/problem+json";

    static final String MODEL = "colorizer";
    static final String DATASET = "shapes";
    static final String DATASET_VERSION = "1";
    static final Duration WAIT = Duration.ofSeconds(90);

    /** The shipped gates; a model cache of the test's own, and fewer pictures in the report. */
    public static class ShapesGates implements QuarkusTestProfile {
        static final Path CACHE = tempDir("inkflow-evaluator-it-cache");

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inkflow.evaluator.model-cache-dir", CACHE.toString(),
                    "inkflow.evaluator.worst-k", "4",
                    "inkflow.evaluator.grid-samples", "4");
        }
    }

    TestStack stack;

    @Inject
    ObjectStore store;

    @Inject
    EvaluatorConfig config;

    @Inject
    ModelRegistry registry;

    KafkaCompanion companion;
    ConsumerTask<String, String> evaluations;
    Path work;

    @BeforeAll
    void setUp() {
        companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        evaluations = companion.consumeStrings().fromTopics(Topics.MODELS_EVALUATIONS);
        work = tempDir("inkflow-evaluator-it-models");
        ShapesFixture.writeDataset(store, DATASET, DATASET_VERSION, 500, 24, 12, 8);
        // v3 must win the production gate against v1 by design, not by the luck of two seeds: see Recipe.
        ShapesFixture.trainModel(store, work, MODEL, "v1", 1, ShapesFixture.Recipe.BRIEF);
        ShapesFixture.exportModel(store, work, MODEL, "v2", 2, 0); // untrained: worse than copying the line art
        ShapesFixture.trainModel(store, work, MODEL, "v3", 3, ShapesFixture.Recipe.THOROUGH);
        ShapesFixture.writeRunMetrics(store, "run-v1", 40);
        // As the trainer leaves them at two validations: the report shows the last step's.
        for (long step : new long[] {20, 40}) {
            for (String file : List.of("filters.png", "distributions.png", "activations-mid_conv2.png")) {
                store.putOnce(Keys.runNetworkPicture("run-v1", step, file), ImageArrays.encodePng(
                        new BufferedImage((int) step, 16, BufferedImage.TYPE_INT_RGB)), "image/png");
            }
        }
    }

    @AfterAll
    void tearDown() {
        if (evaluations != null) {
            evaluations.close();
        }
        if (companion != null) {
            companion.close();
        }
        ShapesFixture.deleteRecursively(work);
        ShapesFixture.deleteRecursively(ShapesGates.CACHE);
    }

    @Test
    @Order(1)
    void goodCandidateIsBlessedPromotedAndReported() {
        send(ShapesFixture.candidate(MODEL, "v1", "run-v1", "models/colorizer/v1/", DATASET, DATASET_VERSION));

        ModelEvaluation evaluation = awaitEvaluation("v1");
        assertThat(evaluation.blessed()).as("checks: %s", evaluation.checks()).isTrue();
        assertThat(evaluation.checks()).extracting(GateCheck::name)
                .contains("finite", "absolute", "beats-baseline:line-copy", "beats-baseline:mean-color");
        assertThat(evaluation.metrics()).containsKeys("validation", "test", "baseline:line-copy/validation",
                "baseline:mean-color/validation", "validation/tag:shapes");
        assertThat(evaluation.metrics().get("validation")).containsKeys("l1", "mse", "psnr", "ssim", "colorfulness");
        assertThat(evaluation.metrics().get("validation").get("count")).isEqualTo(12.0);
        assertThat(evaluation.metrics().get("test").get("count")).isEqualTo(8.0);
        assertThat(evaluation.reportKey()).isEqualTo("evaluations/colorizer/v1/report.html");
        assertThat(store.exists(evaluation.reportKey())).isTrue();
        assertThat(store.exists(BaselineStore.scoresKey(DATASET, DATASET_VERSION))).isTrue();
        assertThat(store.exists(BaselineStore.meanColorPngKey(DATASET, DATASET_VERSION))).isTrue();

        ModelPromotion promotion = awaitPromotion("v1");
        assertThat(promotion.alias()).isEqualTo("production");
        assertThat(promotion.location()).isEqualTo("models/colorizer/v1/");
        assertThat(promotion.metrics()).containsKey("l1");
        assertThat(promotion.action()).isEqualTo("blessed");

        awaitState("v1", "BLESSED");
        given().get("/models").then().statusCode(200)
                .body("find { it.name == 'colorizer' }.aliases.production", equalTo("v1"));
        given().get("/models/colorizer/versions").then().statusCode(200)
                .body("find { it.version == 'v1' }.state", equalTo("BLESSED"))
                .body("find { it.version == 'v1' }.aliases", hasItem("production"))
                .body("find { it.version == 'v1' }.reportUrl", equalTo("/evaluations/colorizer/v1/report.html"))
                .body("find { it.version == 'v1' }.metrics.validation.l1", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    @Order(2)
    void candidateWorseThanLineCopyIsRejectedAndSaysWhichCheckFailed() {
        send(ShapesFixture.candidate(MODEL, "v2", null, "models/colorizer/v2/", DATASET, DATASET_VERSION));

        ModelEvaluation evaluation = awaitEvaluation("v2");
        assertThat(evaluation.blessed()).isFalse();
        GateCheck lineCopy = evaluation.checks().stream()
                .filter(c -> c.name().equals("beats-baseline:line-copy") && c.metric().equals("l1"))
                .findFirst().orElseThrow();
        assertThat(lineCopy.passed()).isFalse();
        assertThat(lineCopy.value()).isGreaterThan(lineCopy.threshold());
        assertThat(lineCopy.detail()).contains("must be <= line-copy");
        // production existed, so the candidate was also compared with it
        assertThat(evaluation.checks()).extracting(GateCheck::name).contains("vs-production:v1");
        assertThat(evaluation.metrics()).containsKey("production:v1/validation");

        awaitState("v2", "REJECTED");
        given().get("/models/colorizer/versions").then()
                .body("find { it.version == 'v2' }.checks.name", hasItem("beats-baseline:line-copy"));
        assertThat(aliases()).containsEntry("production", "v1");
    }

    @Test
    @Order(3)
    void theSameCandidateTwiceIsEvaluatedOnce() {
        send(ShapesFixture.candidate(MODEL, "v1", "run-v1", "models/colorizer/v1/", DATASET, DATASET_VERSION));
        send(ShapesFixture.candidate(MODEL, "v3", null, "models/colorizer/v3/", DATASET, DATASET_VERSION));

        ModelEvaluation v3 = awaitEvaluation("v3");
        // Candidates are consumed in order: v3's evaluation means the repeated v1 was already handled.
        assertThat(evaluationsOf("v1")).hasSize(1);
        assertThat(v3.checks()).extracting(GateCheck::name).contains("vs-production:v1");
        assertThat(v3.blessed()).as("checks: %s", v3.checks()).isTrue();
        awaitPromotion("v3");
        Awaitility.await().atMost(WAIT).until(() -> "v3".equals(aliases().get("production")));
    }

    @Test
    @Order(4)
    void rollbackRestoresThePreviousVersionAndPromotionIsGuarded() {
        given().contentType(ContentType.JSON).body("{}").post("/models/colorizer/rollback").then().statusCode(200)
                .body("version", equalTo("v1")).body("previousVersion", equalTo("v3")).body("action", equalTo("rollback"));
        assertThat(aliases()).containsEntry("production", "v1");
        awaitPromotionWithAction("v1", "rollback");

        given().contentType(ContentType.JSON).body("{\"version\":\"v3\"}").post("/models/colorizer/promote").then()
                .statusCode(200).body("version", equalTo("v3")).body("alias", equalTo("production"))
                .body("action", equalTo("promote"));
        // promoting the current version again changes nothing
        given().contentType(ContentType.JSON).body("{\"version\":\"v3\"}").post("/models/colorizer/promote").then()
                .statusCode(200).body("version", equalTo("v3"));

        given().contentType(ContentType.JSON).body("{\"version\":\"v2\"}").post("/models/colorizer/promote").then()
                .statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("REJECTED")).body("detail", containsString("force"));
        given().contentType(ContentType.JSON).body("{\"version\":\"v2\",\"alias\":\"staging\",\"force\":true}")
                .post("/models/colorizer/promote").then().statusCode(200).body("alias", equalTo("staging"));
        assertThat(aliases()).containsEntry("production", "v3").containsEntry("staging", "v2");
        // A forced promotion is counted (and logged at WARN with the caller, here the operator's API key).
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("inkflow_evaluator_forced_promotions_total{model=\"colorizer\"} 1"));

        given().contentType(ContentType.JSON).body("{\"alias\":\"staging\"}").post("/models/colorizer/rollback").then()
                .statusCode(409).contentType(PROBLEM).body("detail", containsString("nothing to roll back to"));

        given().get("/models/colorizer/promotions").then().statusCode(200)
                .body("history.action", org.hamcrest.Matchers.contains("blessed", "blessed", "rollback", "promote",
                        "promote"));
    }

    @Test
    @Order(5)
    void anEnsembleIsScoredLikeAnyModel() {
        String version = given().contentType(ContentType.JSON).body("{\"members\":[\"v3\",\"v1\"]}")
                .post("/models/colorizer/ensembles").then().statusCode(202)
                .body("state", equalTo("EVALUATING")).body("members", org.hamcrest.Matchers.contains("v1", "v3"))
                .extract().path("version");
        assertThat(version).startsWith("ensemble-");

        ModelEvaluation evaluation = awaitEvaluation(version);
        assertThat(evaluation.metrics().get("validation").get("count")).isEqualTo(12.0);
        assertThat(evaluation.checks()).extracting(GateCheck::name).contains("vs-production:v3");
        assertThat(store.exists(evaluation.reportKey())).isTrue();
        assertThat(store.exists("models/colorizer/" + version + "/ensemble.json")).isTrue();
        awaitState(version, evaluation.blessed() ? "BLESSED" : "REJECTED");
        given().get("/models/colorizer/versions/" + version).then().statusCode(200)
                .body("members", org.hamcrest.Matchers.contains("v1", "v3"));
        // Ensembles are not promoted (inference-svc serves one SavedModel).
        assertThat(aliases()).containsEntry("production", "v3");
        // The same ensemble again is the same version, already decided: nothing new to evaluate.
        given().contentType(ContentType.JSON).body("{\"members\":[\"v1\",\"v3\"]}").post("/models/colorizer/ensembles")
                .then().statusCode(202).body("version", equalTo(version))
                .body("state", equalTo(evaluation.blessed() ? "BLESSED" : "REJECTED"));
    }

    @Test
    @Order(6)
    void theRegistrySurvivesARestart() {
        ModelRegistry restarted = new ModelRegistry(store).load();
        assertThat(restarted.aliases(MODEL)).containsEntry("production", "v3").containsEntry("staging", "v2");
        assertThat(restarted.history(MODEL).history()).hasSize(5);
        assertThat(restarted.history(MODEL).rollbackTarget("production")).contains("v1");
        assertThat(restarted.versions(MODEL)).extracting(ModelVersion::version).startsWith("v1", "v2", "v3");
        assertThat(restarted.version(MODEL, "v2")).get().extracting(ModelVersion::state).isEqualTo(VersionState.REJECTED);
        // A restarted service republishes scores and the production version from the registry.
        SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        new RegistryGauges().onStart(null, restarted, new EvaluatorMeters(fresh), config);
        assertThat(fresh.find(EvaluatorMeters.PRODUCTION_INFO).tags("model", MODEL, "version", "v3").gauge()).isNotNull();
        assertThat(fresh.find(EvaluatorMeters.SCORE).tags("version", "v1", "split", "validation", "metric", "l1")
                .gauge().value()).isEqualTo(restarted.version(MODEL, "v1").orElseThrow().validation("l1"));
        // The compacted topic's latest record for the model agrees with the registry; each record is keyed by its
        // model and alias, so compaction keeps the latest of every alias (decision 0016).
        List<ConsumerRecord<String, String>> records = companion.consumeStrings()
                .fromTopics(Topics.MODELS_PROMOTIONS, 5).awaitCompletion(WAIT).getRecords();
        ModelPromotion last = EventJson.read(records.get(records.size() - 1).value(), ModelPromotion.class);
        assertThat(records).allMatch(r -> r.key().equals(
                ModelPromotion.key(MODEL, EventJson.read(r.value(), ModelPromotion.class).alias())));
        assertThat(records).extracting(ConsumerRecord::key).contains(MODEL + "/production", MODEL + "/staging");
        assertThat(last.alias()).isEqualTo("staging");
        assertThat(last.version()).isEqualTo("v2");
    }

    @Test
    @Order(7)
    void poisonAndUnloadableCandidatesGoToTheDeadLetterTopic() {
        String poison = "{\"schemaVersion\":1,\"modelName\":\"colorizer\",\"location\":\"models/x/\"}"; // no version
        companion.produceStrings().fromRecords(List.of(new ProducerRecord<>(Topics.MODELS_CANDIDATES, "poison", poison)))
                .awaitCompletion(WAIT);
        send(ShapesFixture.candidate(MODEL, "v404", null, "models/colorizer/v404/", DATASET, DATASET_VERSION));

        List<ConsumerRecord<String, String>> dead = companion.consumeStrings()
                .fromTopics(Topics.dlq(Topics.MODELS_CANDIDATES), 2).awaitCompletion(WAIT).getRecords();
        assertThat(dead.get(0).value()).isEqualTo(poison);
        assertThat(reason(dead.get(0))).contains("missing required field 'version'");
        assertThat(EventJson.read(dead.get(1).value(), ModelCandidate.class).version()).isEqualTo("v404");
        assertThat(reason(dead.get(1))).contains("could not be evaluated").contains("models/colorizer/v404/");

        ModelEvaluation failed = awaitEvaluation("v404");
        assertThat(failed.blessed()).isFalse();
        assertThat(failed.checks()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("evaluable"));
        given().get("/models/colorizer/versions/v404").then().statusCode(200).body("state", equalTo("FAILED"))
                .body("error", containsString("models/colorizer/v404/"));
        assertThat(aliases()).containsEntry("production", "v3");
    }

    @Test
    @Order(8)
    void badRestInputGetsAJsonError() {
        given().contentType(ContentType.JSON).body("{\"version\":").post("/models/colorizer/promote").then()
                .statusCode(400).contentType(PROBLEM).body("detail", org.hamcrest.Matchers.notNullValue());
        given().contentType(ContentType.JSON).body("{}").post("/models/colorizer/promote").then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("give the version"))
                .body("type", equalTo("https://inkflow.dev/problems/bad-request")).body("title", equalTo("Bad Request"))
                .body("status", equalTo(400));
        given().contentType(ContentType.JSON).body("{\"version\":\"v9\"}").post("/models/colorizer/promote").then()
                .statusCode(404).body("detail", containsString("no evaluated version 'v9'"));
        given().contentType(ContentType.JSON).body("{\"version\":\"v404\"}").post("/models/colorizer/promote").then()
                .statusCode(409).body("detail", containsString("FAILED"));
        given().contentType(ContentType.JSON).body("{\"version\":\"v1\",\"alias\":\"Prod!\"}")
                .post("/models/colorizer/promote").then().statusCode(400).body("detail", containsString("alias"));
        // The same malformed bodies as EvaluatorEndpointsIT sends to a model that does not exist: the same 400.
        given().contentType(ContentType.JSON).body("{\"version\":\"v1\",\"alias\":\"staging\",\"forse\":true}")
                .post("/models/colorizer/promote").then().statusCode(400).contentType(PROBLEM).body("field", equalTo("forse"))
                .body("detail", containsString("unknown field 'forse'"));
        given().contentType(ContentType.JSON).body("{\"aliass\":\"staging\"}").post("/models/colorizer/rollback").then()
                .statusCode(400).body("field", equalTo("aliass"));
        given().contentType(ContentType.JSON).body("{\"members\":[\"v1\",\"../v3\"]}").post("/models/colorizer/ensembles")
                .then().statusCode(400).body("field", equalTo("members[1]"));
        given().contentType(ContentType.JSON).body("{}").post("/models/nosuchmodel/rollback").then()
                .statusCode(404).contentType(PROBLEM).body("detail", containsString("no model named 'nosuchmodel'"))
                .body("type", equalTo("https://inkflow.dev/problems/not-found")).body("title", equalTo("Not Found"))
                .body("status", equalTo(404));
        given().get("/models/nosuchmodel/versions").then().statusCode(404).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body("{\"members\":[\"v1\"]}").post("/models/colorizer/ensembles").then()
                .statusCode(400).body("detail", containsString("at least 2"));
        given().contentType(ContentType.JSON).body("{\"members\":[\"v1\",\"v404\"]}").post("/models/colorizer/ensembles")
                .then().statusCode(409).body("detail", containsString("FAILED"));
        given().get("/evaluations/colorizer/v1/nope.png").then().statusCode(404).contentType(PROBLEM);
        given().get("/evaluations/colorizer/v1/status.txt").then().statusCode(400).contentType(PROBLEM);
        given().get("/models/colorizer/versions/v404/report").then().statusCode(404).body("detail", containsString("no report"));
        given().contentType(ContentType.JSON).body("{\"version\": \"v1\", \"alias\": }").post("/models/colorizer/promote").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("alias"));
        given().get("/no/such/path").then().statusCode(404).contentType(PROBLEM).body("detail", containsString("/no/such/path"));
    }

    @Test
    @Order(9)
    void theReportIsServedAndEveryImageItShowsExists() {
        given().redirects().follow(false).get("/models/colorizer/versions/v1/report").then().statusCode(303)
                .header("Location", containsString("/evaluations/colorizer/v1/report.html"));
        String html = given().get("/evaluations/colorizer/v1/report.html").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        Document page = Jsoup.parse(html);
        List<String> images = page.select("img").eachAttr("src");
        assertThat(images).anyMatch(s -> s.startsWith("curve-")).anyMatch(s -> s.startsWith("sample-"))
                .anyMatch(s -> s.startsWith("worst-"))
                .contains("network-filters.png", "network-distributions.png", "network-activations-mid_conv2.png");
        assertThat(page.select("h2").eachText()).contains("The network at step 40 of its run");
        assertThat(ImageArrays.decode(store.get("evaluations/colorizer/v1/network-filters.png")).getWidth())
                .as("the last validation's picture").isEqualTo(40);
        for (String src : images) {
            assertThat(store.exists("evaluations/colorizer/v1/" + src)).as(src).isTrue();
            byte[] png = given().get("/evaluations/colorizer/v1/" + src).then().statusCode(200)
                    .contentType("image/png").extract().asByteArray();
            assertThat(ImageArrays.decode(png).getWidth()).isGreaterThan(0);
        }
        assertThat(page.select("tr.worst-sample")).hasSize(4);
        assertThat(page.select("tr.worst-sample td.tags").eachText()).allMatch(t -> t.contains("shapes"));
        assertThat(page.select("#gates tr")).hasSizeGreaterThan(3);
        assertThat(page.select("#tags").text()).contains("shapes");
        assertThat(page.text()).contains("synthetic shapes generated by Inkflow");
    }

    @Test
    @Order(10)
    void theReportRendersInHeadlessChromiumWithItsImages() throws Exception {
        Path chromium = ChromiumScreenshot.find();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (apt-get install -y chromium)");
        String url = "http://127.0.0.1:" + RestAssured.port + "/evaluations/colorizer/v1/report.html";
        Path shot = ChromiumScreenshot.take(chromium, url, 1280, 2600);
        try {
            BufferedImage image = ImageArrays.decode(Files.readAllBytes(shot));
            // The shapes' fills (red 230,51,51 and blue 51,89,230) appear only in the loaded sample pictures.
            int filled = ChromiumScreenshot.countNear(image, 230, 51, 51, 30) + ChromiumScreenshot.countNear(image, 51, 89, 230, 30);
            assertThat(filled).as("pixels of the shapes' fill colors in the screenshot").isGreaterThan(2000);
            Files.copy(shot, Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            ShapesFixture.deleteRecursively(shot.getParent());
        }
    }

    @Test
    @Order(11)
    void metricsUseTheContractNames() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("inkflow_evaluator_score{metric=\"l1\",model=\"colorizer\",split=\"validation\",version=\"v1\"}")
                .contains("inkflow_evaluator_baseline_score{baseline=\"line-copy\",metric=\"ssim\",split=\"test\"}")
                .contains("inkflow_evaluator_gate_decisions_total{model=\"colorizer\",outcome=\"rejected\"}")
                .contains("inkflow_evaluator_gate_decisions_total{model=\"colorizer\",outcome=\"failed\"}")
                .contains("inkflow_evaluator_production_info{model=\"colorizer\",version=\"v3\"} 1.0")
                .contains("inkflow_evaluator_evaluation_seconds_bucket");
        assertThat(metrics).doesNotContain("inkflow_evaluator_production_info{model=\"colorizer\",version=\"v1\"}");
    }

    @Test
    @Order(12)
    void aCandidateThatStartedTheCapTimesIsFailedWithoutBeingScored() {
        // An evaluation counts its start before scoring: v1 was scored once.
        assertThat(new ModelRegistry(store).load().version(MODEL, "v1").orElseThrow().attempts()).isEqualTo(1);
        // What three evaluator processes that each died while scoring leave behind: EVALUATING, three starts.
        registry.save(new ModelVersion(MODEL, "v-crash", VersionState.EVALUATING, "models/colorizer/v-crash/", null, DATASET,
                DATASET_VERSION, List.of(), Map.of(), List.of(), null, null, 3, java.time.Instant.now(), null));
        send(ShapesFixture.candidate(MODEL, "v-crash", null, "models/colorizer/v-crash/", DATASET, DATASET_VERSION));

        ModelEvaluation failed = awaitEvaluation("v-crash");
        assertThat(failed.blessed()).isFalse();
        assertThat(failed.metrics()).as("not scored").isEmpty();
        assertThat(failed.checks()).singleElement().satisfies(c -> assertThat(c.detail())
                .isEqualTo("started 3 times without finishing; the process died each time"));
        given().get("/models/colorizer/versions/v-crash").then().statusCode(200).body("state", equalTo("FAILED"))
                .body("error", equalTo("started 3 times without finishing; the process died each time"));
        ModelVersion stored = new ModelRegistry(store).load().version(MODEL, "v-crash").orElseThrow();
        assertThat(stored.state()).isEqualTo(VersionState.FAILED);
        assertThat(stored.attempts()).as("not started a fourth time").isEqualTo(3);
        assertThat(aliases()).containsEntry("production", "v3");
    }

    /**
     * Another replica's work is seen here without a restart (issue 14): a version it scored (its status document
     * written by its own registry) is answered at once, a version it is still scoring is re-read until decided, and a
     * promotion it published is learned from the topic; a promotion made here then lands after it, in log order.
     */
    @Test
    @Order(13)
    void whatAnotherReplicaScoredOrPromotedIsSeenHere() {
        ModelRegistry otherReplica = new ModelRegistry(store).load();
        ModelVersion v1 = otherReplica.version(MODEL, "v1").orElseThrow();
        otherReplica.save(copyAs(v1, "v7", VersionState.BLESSED));
        given().get("/models/colorizer/versions/v7").then().statusCode(200).body("state", equalTo("BLESSED"));
        given().get("/models/colorizer/versions").then().statusCode(200).body("version", hasItem("v7"));

        otherReplica.save(copyAs(v1, "v8", VersionState.EVALUATING));
        given().get("/models/colorizer/versions/v8").then().statusCode(200).body("state", equalTo("EVALUATING"));
        given().contentType(ContentType.JSON).body("{\"version\":\"v8\",\"alias\":\"canary\"}")
                .post("/models/colorizer/promote").then().statusCode(409).body("detail", containsString("EVALUATING"));
        otherReplica.save(copyAs(v1, "v8", VersionState.BLESSED));
        given().get("/models/colorizer/versions/v8").then().statusCode(200).body("state", equalTo("BLESSED"));

        ModelPromotion theirs = new ModelPromotion(ModelPromotion.SCHEMA_VERSION, MODEL, "canary", "v7",
                Keys.modelDir(MODEL, "v7"),
                Map.of(), "promote", null, java.time.Instant.now());
        companion.produceStrings().fromRecords(List.of(new ProducerRecord<>(Topics.MODELS_PROMOTIONS,
                ModelPromotion.key(MODEL, "canary"), EventJson.write(theirs)))).awaitCompletion(WAIT);
        Awaitility.await().atMost(WAIT).until(() -> "v7".equals(aliases().get("canary")));

        given().contentType(ContentType.JSON).body("{\"version\":\"v8\",\"alias\":\"canary\"}")
                .post("/models/colorizer/promote").then().statusCode(200).body("previousVersion", equalTo("v7"));
        assertThat(aliases()).containsEntry("canary", "v8").containsEntry("production", "v3");
        List<String> canary = registry.history(MODEL).history().stream().filter(p -> p.alias().equals("canary"))
                .map(ModelPromotion::version).toList();
        assertThat(canary).containsExactly("v7", "v8");
        // The stored history is the log's too, so a restarted replica reads the same.
        assertThat(new ModelRegistry(store).load().history(MODEL).history()).isEqualTo(registry.history(MODEL).history());
    }

    private static ModelVersion copyAs(ModelVersion v, String version, VersionState state) {
        return new ModelVersion(v.modelName(), version, state, Keys.modelDir(v.modelName(), version), v.runId(), v.datasetName(),
                v.datasetVersion(), v.members(), v.metrics(), v.checks(), v.reportKey(), null, 1, v.receivedAt(),
                v.evaluatedAt());
    }

    // ---- helpers ----

    private void send(ModelCandidate candidate) {
        companion.produceStrings().fromRecords(List.of(new ProducerRecord<>(Topics.MODELS_CANDIDATES, candidate.key(),
                EventJson.write(candidate)))).awaitCompletion(WAIT);
    }

    private List<ModelEvaluation> evaluationsOf(String version) {
        return evaluations.getRecords().stream().map(r -> EventJson.read(r.value(), ModelEvaluation.class))
                .filter(e -> e.version().equals(version)).toList();
    }

    private ModelEvaluation awaitEvaluation(String version) {
        Awaitility.await().atMost(WAIT).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> !evaluationsOf(version).isEmpty());
        return evaluationsOf(version).get(0);
    }

    private ModelPromotion awaitPromotion(String version) {
        return awaitPromotionWithAction(version, null);
    }

    private ModelPromotion awaitPromotionWithAction(String version, String action) {
        try (ConsumerTask<String, String> promotions = companion.consumeStrings().fromTopics(Topics.MODELS_PROMOTIONS)) {
            Awaitility.await().atMost(WAIT).until(() -> promotions.getRecords().stream()
                    .map(r -> EventJson.read(r.value(), ModelPromotion.class))
                    .anyMatch(p -> p.version().equals(version) && (action == null || action.equals(p.action()))));
            return promotions.getRecords().stream().map(r -> EventJson.read(r.value(), ModelPromotion.class))
                    .filter(p -> p.version().equals(version) && (action == null || action.equals(p.action())))
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    private void awaitState(String version, String state) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/models/colorizer/versions/" + version)
                .then().statusCode(200).body("state", equalTo(state)));
    }

    private Map<String, String> aliases() {
        return given().get("/models/colorizer/promotions").then().statusCode(200).extract().path("aliases");
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
