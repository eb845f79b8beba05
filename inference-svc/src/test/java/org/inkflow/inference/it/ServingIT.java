package org.inkflow.inference.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.inkflow.common.events.Topics;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.imaging.Framing;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.ServiceEndpointsContract;
import org.inkflow.localstack.TestCredentials;
import org.inkflow.localstack.TestStack;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.serving.ModelCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service against a real broker and S3 with a real exported SavedModel: promotion to serving, both APIs,
 * bad input, batching under load, drift, metrics, dead letters, and the page in a real headless Chromium.
 */
@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class ServingIT extends ServiceEndpointsContract {

    private static final String PROBLEM = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path bareModelDir;
    private static ColorizerModel bareModel;

    TestStack stack;

    @Inject
    ObjectStore store;

    @Inject
    ColorizerService service;

    @TestHTTPResource("/")
    URL root;

    KafkaCompanion companion;

    @Override
    protected String metricPrefix() {
        return "inference";
    }

    /** Readiness is the model's; Kafka and S3 are details of it (issue 18), checked below. */
    @Override
    protected String[] readinessChecks() {
        return new String[] {"model"};
    }

    @Test
    void kafkaAndS3AreReportedButAreNotReadinessChecks() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("checks.name", not(hasItem("kafka")))
                        .body("checks.name", not(hasItem("s3")))
                        .body("checks.find { it.name == 'model' }.data.kafka", equalTo("UP"))
                        .body("checks.find { it.name == 'model' }.data.s3", equalTo("UP")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("inkflow_inference_dependency_up{dependency=\"kafka\"} 1"))
                .body(containsString("inkflow_inference_dependency_up{dependency=\"s3\"} 1"));
    }

    @BeforeEach
    void serveVersionOne() {
        companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        if (service.registry().current().isEmpty()) {
            ModelFixtures.promote(companion, "1", ModelFixtures.exportTiny(store, "1", 1));
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true)));
    }

    @AfterEach
    void disconnect() {
        companion.close();
    }

    @AfterAll
    static void closeBareModel() {
        if (bareModel != null) {
            bareModel.close();
            ModelFixtures.delete(bareModelDir);
        }
    }

    /** The same model version, loaded straight from the bucket with model-serving, to check answers against. */
    private ColorizerModel bareModel() throws Exception {
        if (bareModel == null) {
            bareModelDir = Files.createTempDirectory("inkflow-bare-");
            bareModel = new ModelCache(store, bareModelDir, 0).load(ModelFixtures.location("1"));
        }
        return bareModel;
    }

    @Test
    void colorizeAnswersAPngOfTheUploadsSizeMadeByTheServingModel() throws Exception {
        byte[] upload = Drawings.png(100, 60, 1);
        Response response = given().contentType("image/png").body(upload).post("/colorize");
        response.then().statusCode(200).contentType("image/png")
                .header("X-Inkflow-Model", "colorizer")
                .header("X-Inkflow-Model-Version", "1");
        BufferedImage result = ImageArrays.decode(response.asByteArray());
        assertThat(result.getWidth()).isEqualTo(100);
        assertThat(result.getHeight()).isEqualTo(60);

        // The same pipeline on the bare model gives the same pixels: the answer is the model's, not a stand-in.
        ColorizerModel model = bareModel();
        Framing framing = Framing.plan(100, 60, Framing.Mode.FIT, model.card().imageSize(), model.sizeMultiple(), 0);
        float[] rgb = model.predict(new ImageBatch(1, framing.height(), framing.width(), 1,
                framing.lineArt(ImageArrays.decode(upload)))).data();
        BufferedImage expected = framing.result(rgb);
        int differing = 0;
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 100; x++) {
                if (channelDistance(expected.getRGB(x, y), result.getRGB(x, y)) > 2) {
                    differing++;
                }
            }
        }
        assertThat(differing).isZero();
    }

    @Test
    void colorizeTakesJpegAndMultipartAndAVersion() {
        Response jpeg = given().contentType("image/jpeg").body(Drawings.jpeg(45, 70, 2)).post("/colorize?version=1");
        jpeg.then().statusCode(200).header("X-Inkflow-Model-Version", "1");
        BufferedImage a = ImageArrays.decode(jpeg.asByteArray());
        assertThat(a.getWidth()).isEqualTo(45);
        assertThat(a.getHeight()).isEqualTo(70);

        Response form = given().multiPart("image", "drawing.png", Drawings.png(33, 21, 3), "image/png").post("/colorize");
        form.then().statusCode(200).contentType("image/png");
        BufferedImage b = ImageArrays.decode(form.asByteArray());
        assertThat(b.getWidth()).isEqualTo(33);
        assertThat(b.getHeight()).isEqualTo(21);

        given().contentType("image/png").body(Drawings.png(20, 20, 1)).post("/colorize?version=41")
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("no loaded version '41'"))
                .body("type", equalTo("https://inkflow.dev/problems/not-found")).body("title", equalTo("Not Found"))
                .body("status", equalTo(404)).body("instance", equalTo("/colorize"));
    }

    @Test
    void hintsForAModelWithoutThemAreA400WithTheReason() {
        // Version 1 was trained without hints: its metadata has one input, and hints are refused on both ways in.
        given().get("/v2/models/colorizer").then().statusCode(200).body("inputs.size()", equalTo(1));
        given().get("/models/colorizer/card").then().statusCode(200).body("hints", equalTo(false));
        String body = "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\",\"shape\":[1,4,4,1],\"data\":"
                + Arrays.toString(new float[16]) + "},{\"name\":\"hints\",\"datatype\":\"FP32\",\"shape\":[1,4,4,4],"
                + "\"data\":" + Arrays.toString(new float[64]) + "}]}";
        given().contentType("application/json").body(body).post("/v2/models/colorizer/infer")
                .then().statusCode(400).body("error", containsString("takes no color hints"));
        given().multiPart("image", "drawing.png", Drawings.png(33, 21, 3), "image/png")
                .multiPart("hints", "hints.png", Drawings.png(33, 21, 4), "image/png").post("/colorize")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("takes no color hints"));
        given().get("/v2/health/ready").then().statusCode(200);
    }

    @Test
    void v2InferAnswersTheProtocolsJsonWithTheModelsValues() throws Exception {
        // [2, 16, 24, 1]: two non-square images (multiples of the tiny model's 4)
        String body = Drawings.inferRequest("req-1", 2, 16, 24);
        for (String path : List.of("/v2/models/colorizer/infer", "/v2/models/colorizer/versions/1/infer")) {
            Response response = given().contentType("application/json").body(body).post(path);
            response.then().statusCode(200).contentType(containsString("application/json"));
            JsonNode json = JSON.readTree(response.asByteArray());
            assertThat(json.get("model_name").asText()).isEqualTo("colorizer");
            assertThat(json.get("model_version").asText()).isEqualTo("1");
            assertThat(json.get("id").asText()).isEqualTo("req-1");
            JsonNode out = json.get("outputs").get(0);
            assertThat(out.get("name").asText()).isEqualTo("rgb");
            assertThat(out.get("datatype").asText()).isEqualTo("FP32");
            assertThat(out.get("shape").toString()).isEqualTo("[2,16,24,3]");
            assertThat(out.get("data").size()).isEqualTo(2 * 16 * 24 * 3);

            float[] input = new float[2 * 16 * 24];
            System.arraycopy(Drawings.lineArt(16, 24, 0), 0, input, 0, 16 * 24);
            System.arraycopy(Drawings.lineArt(16, 24, 1), 0, input, 16 * 24, 16 * 24);
            float[] expected = bareModel().predict(new ImageBatch(2, 16, 24, 1, input)).data();
            for (int i = 0; i < expected.length; i += 37) {
                assertThat(out.get("data").get(i).floatValue()).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    /** The binary tensor data extension both ways, as KServe and Triton clients use it, against the JSON answer. */
    @Test
    void v2BinaryTensorDataInAndOutGivesTheJsonValues() throws Exception {
        int n = 2, h = 16, w = 24;
        float[] input = new float[n * h * w];
        System.arraycopy(Drawings.lineArt(h, w, 0), 0, input, 0, h * w);
        System.arraycopy(Drawings.lineArt(h, w, 1), 0, input, h * w, h * w);
        String header = "{\"id\":\"bin-1\",\"inputs\":[{\"name\":\"line_art\",\"shape\":[" + n + "," + h + "," + w
                + ",1],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + input.length * 4 + "}}],"
                + "\"outputs\":[{\"name\":\"rgb\",\"parameters\":{\"binary_data\":true}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(json.length + input.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).put(json);
        for (float v : input) {
            body.putFloat(v);
        }

        Response response = given().contentType("application/octet-stream")
                .header("Inference-Header-Content-Length", json.length).body(body.array())
                .post("/v2/models/colorizer/infer");
        response.then().statusCode(200).contentType(containsString("application/octet-stream"));
        int jsonLength = Integer.parseInt(response.header("Inference-Header-Content-Length"));
        byte[] bytes = response.asByteArray();
        JsonNode out = JSON.readTree(Arrays.copyOf(bytes, jsonLength)).get("outputs").get(0);
        assertThat(out.has("data")).isFalse();
        assertThat(out.get("shape").toString()).isEqualTo("[2,16,24,3]");
        int size = out.get("parameters").get("binary_data_size").asInt();
        assertThat(size).isEqualTo(n * h * w * 3 * 4).isEqualTo(bytes.length - jsonLength);

        float[] expected = bareModel().predict(new ImageBatch(n, h, w, 1, input)).data();
        java.nio.FloatBuffer got = java.nio.ByteBuffer.wrap(bytes, jsonLength, size)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get(i)).as("value %d", i).isCloseTo(expected[i], within(1e-4f));
        }

        // Errors keep the protocol's shape: a size that does not match the shape, a header that is no number.
        byte[] truncated = Arrays.copyOf(body.array(), body.array().length - 4);
        given().contentType("application/octet-stream").header("Inference-Header-Content-Length", json.length)
                .body(truncated).post("/v2/models/colorizer/infer")
                .then().statusCode(400).body("error", containsString("ends inside the binary data"));
        given().contentType("application/octet-stream").header("Inference-Header-Content-Length", "many")
                .body(body.array()).post("/v2/models/colorizer/infer")
                .then().statusCode(400).body("error", containsString("Inference-Header-Content-Length"));
        given().get("/v2/health/ready").then().statusCode(200);
    }

    @Test
    void v2MetadataAndHealthInTheProtocolsShapes() {
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2").then().statusCode(200).body("name", equalTo("inkflow-inference"))
                .body("extensions", equalTo(List.of("binary_tensor_data"))).body("version", org.hamcrest.Matchers.notNullValue());
        given().get("/v2/models/colorizer").then().statusCode(200)
                .body("name", equalTo("colorizer"))
                .body("versions", hasItem("1"))
                .body("platform", equalTo("tensorflow_savedmodel"))
                .body("inputs[0].name", equalTo("line_art"))
                .body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, -1, -1, 1)))
                .body("outputs[0].name", equalTo("rgb"))
                .body("outputs[0].shape", equalTo(List.of(-1, -1, -1, 3)));
        given().get("/v2/models/colorizer/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/colorizer/versions/1").then().statusCode(200).body("versions", equalTo(List.of("1")));
        given().get("/v2/models/colorizer/versions/1/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/sketcher").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("unknown model 'sketcher'")).body("detail", nullValue());
        given().get("/v2/models/colorizer/versions/9/ready").then().statusCode(404).body("error", containsString("'9'"));
        given().get("/models/colorizer/card").then().statusCode(200)
                .body("version", equalTo("1")).body("serving", equalTo(true))
                .body("card.sizeMultiple", equalTo(4)).body("card.inputStats.histogram.size()", equalTo(10));
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'model' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'model' }.data.version", equalTo("1"));
    }

    @Test
    void eachBadInputGetsAClear4xxAndTheServiceStaysReady() {
        double before = rejected();
        given().contentType("image/png").body(new byte[0]).post("/colorize")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("empty"))
                .body("type", equalTo("https://inkflow.dev/problems/bad-request")).body("title", equalTo("Bad Request"))
                .body("status", equalTo(400));
        byte[] png = Drawings.png(64, 48, 5);
        given().contentType("image/png").body(Arrays.copyOf(png, png.length / 2)).post("/colorize")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("cannot decode the image"));
        given().contentType("image/png").body("just some words".getBytes(StandardCharsets.UTF_8)).post("/colorize")
                .then().statusCode(415).contentType(PROBLEM).body("detail", containsString("send a PNG or JPEG"));
        given().contentType("text/plain").body("just some words").post("/colorize")
                .then().statusCode(415).contentType(PROBLEM).body("detail", containsString("text/plain"));
        given().contentType("image/png").body(Drawings.pngHeaderClaiming(100_000, 100_000))
                .post("/colorize").then().statusCode(413).contentType(PROBLEM).body("detail", containsString("100000x100000"));
        byte[] tooBig = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(png, 0, tooBig, 0, png.length);
        given().contentType("image/png").body(tooBig).post("/colorize")
                .then().statusCode(413).contentType(PROBLEM).body("detail", containsString("inkflow.inference.limits.max-image-bytes"));

        String wrongShape = "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\",\"shape\":[1,4,4,3],\"data\":["
                + "0,".repeat(47) + "0]}]}";
        given().contentType("application/json").body(wrongShape).post("/v2/models/colorizer/infer")
                .then().statusCode(400).body("error", containsString("[N,H,W,1]"));
        given().contentType("application/json").body(Drawings.inferRequest("x", 1, 4, 4).replace("FP32", "UINT8"))
                .post("/v2/models/colorizer/infer").then().statusCode(400).body("error", containsString("UINT8"));
        given().contentType("application/json").body(Drawings.inferRequest("x", 1, 6, 8))
                .post("/v2/models/colorizer/infer").then().statusCode(400).body("error", containsString("multiples of 4"));
        String eightBit = "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\",\"shape\":[1,4,4,1],\"data\":["
                + "255,".repeat(15) + "0]}]}";
        given().contentType("application/json").body(eightBit)
                .post("/v2/models/colorizer/infer").then().statusCode(400).body("error", containsString("divide 8-bit"));
        given().contentType("application/json").body(Drawings.inferRequest("x", 65, 4, 4))
                .post("/v2/models/colorizer/infer").then().statusCode(413).body("error", containsString("max-batch-images"));
        given().contentType("application/json").body("{\"inputs\": [").post("/v2/models/colorizer/infer")
                .then().statusCode(400).body("error", containsString("JSON"));
        given().contentType("application/json").body(Drawings.inferRequest("x", 1, 4, 4))
                .post("/v2/models/sketcher/infer").then().statusCode(404).body("error", containsString("unknown model"));
        given().contentType("application/json").body("{\"inputs\": [").post("/v2/models/colorizer/infer")
                .then().contentType(ContentType.JSON).body("detail", nullValue());
        given().get("/v2/models/colorizer/no/such/thing").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("/v2/models/colorizer/no/such/thing"));
        given().get("/no/such/thing").then().statusCode(404).contentType(PROBLEM).body("detail", containsString("/no/such/thing"))
                .body("type", equalTo("https://inkflow.dev/problems/not-found"));
        given().get("/models/sketcher/card").then().statusCode(404).contentType(PROBLEM).body("detail", containsString("unknown model"));

        given().get("/v2/health/ready").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(rejected() - before).isGreaterThanOrEqualTo(13);
        given().contentType("image/png").body(png).post("/colorize").then().statusCode(200);
    }

    /**
     * The tests' queue holds 4 MiB of input (application.properties, {@code %test}): 6 images of 448x448 are 4.8 MB of
     * floats, more than the whole queue, so the request could never run and is refused as too large, not as busy.
     */
    @Test
    void aRequestBiggerThanTheWholeQueueIs413WithTheProtocolsErrorBody() {
        int values = 6 * 448 * 448;
        String body = "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\",\"shape\":[6,448,448,1],\"data\":["
                + "1,".repeat(values - 1) + "1]}]}";
        given().contentType("application/json").body(body).post("/v2/models/colorizer/infer")
                .then().statusCode(413).contentType(ContentType.JSON)
                .body("error", containsString(values * 4L + " bytes"))
                .body("error", containsString("inkflow.inference.batching.queue-capacity-bytes"));
        assertThat(Scrape.sum("inkflow_inference_rejected_requests_total", "reason=\"larger_than_queue\"")).isGreaterThan(0);
        assertThat(Scrape.metrics()).contains("inkflow_inference_queued_bytes ");
        given().get("/v2/health/ready").then().statusCode(200);
        given().contentType("application/json").body(Drawings.inferRequest("x", 1, 8, 12))
                .post("/v2/models/colorizer/infer").then().statusCode(200);
    }

    /** Issue 17's three v2 bodies that answered 500: a shape beyond long, data nested 5,000 deep, a 2,001-digit number. */
    @Test
    void hostileJsonIsA400WithTheProtocolsErrorBody() {
        String head = "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\",";
        List<String> bodies = List.of(
                head + "\"shape\":[1,99999999999999999999999,1,1],\"data\":[0]}]}",
                head + "\"shape\":[1,1,1,1],\"data\":" + "[".repeat(5000) + "0" + "]".repeat(5000) + "}]}",
                head + "\"shape\":[1,1,1,1],\"data\":[" + "1".repeat(2001) + "]}]}");
        for (String body : bodies) {
            given().contentType("application/json").body(body).post("/v2/models/colorizer/infer")
                    .then().statusCode(400).contentType(ContentType.JSON).body("error", notNullValue());
        }
        given().get("/v2/health/ready").then().statusCode(200);
    }

    @Test
    void concurrentRequestsAreBatchedAndAllAnswered() throws Exception {
        double countBefore = Scrape.sum("inkflow_inference_batch_size_images_count");
        double imagesBefore = Scrape.sum("inkflow_inference_batch_size_images_sum");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI infer = root.toURI().resolve("/v2/models/colorizer/infer");
        String body = Drawings.inferRequest("load", 1, 32, 32);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                results.add(clients.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        statuses.add(http.send(HttpRequest.newBuilder(infer).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("X-API-Key", TestCredentials.get().consumerKey())
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode());
                    }
                    return statuses;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> f : results) {
                statuses.addAll(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(statuses).hasSize(200).containsOnly(200);
        } finally {
            clients.shutdownNow();
        }
        double modelCalls = Scrape.sum("inkflow_inference_batch_size_images_count") - countBefore;
        double images = Scrape.sum("inkflow_inference_batch_size_images_sum") - imagesBefore;
        assertThat(images).isEqualTo(200.0);
        // Batching formed: fewer model calls than images, so at least one batch held more than one image.
        assertThat(modelCalls).isLessThan(200.0);
        assertThat(images / modelCalls).isGreaterThan(1.0);
    }

    @Test
    void metricsAreNamedAsTheContractSays() {
        given().contentType("image/png").body(Drawings.png(40, 24, 1)).post("/colorize").then().statusCode(200);
        given().contentType("image/png").body(new byte[0]).post("/colorize").then().statusCode(400);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("inkflow_inference_request_seconds_bucket{endpoint=\"colorize\",status=\"200\",le=\"0.2\"}")
                .contains("inkflow_inference_request_seconds_count{endpoint=\"colorize\",status=\"400\"}")
                .contains("inkflow_inference_batch_size_images_bucket")
                .contains("inkflow_inference_queue_depth_requests ")
                .contains("inkflow_inference_model_info{model=\"colorizer\",version=\"1\"} 1")
                .contains("inkflow_inference_model_loads_total{model=\"colorizer\",outcome=\"success\"}")
                .contains("inkflow_inference_model_loads_total{model=\"colorizer\",outcome=\"failure\"}")
                .contains("inkflow_inference_drift_score{model=\"colorizer\"}")
                .contains("inkflow_inference_rejected_requests_total{reason=\"empty\"}")
                .contains("inkflow_inference_build_info");
    }

    @Test
    void driftIsMeasuredAgainstTheModelCardsTrainingStatistics() throws Exception {
        for (int i = 0; i < 25; i++) {
            given().contentType("image/png").body(Drawings.png(48, 32, i)).post("/colorize").then().statusCode(200);
        }
        JsonNode drift = JSON.readTree(given().get("/models/colorizer/drift").then().statusCode(200).extract().asByteArray());
        assertThat(drift.get("method").asText()).isEqualTo("psi");
        assertThat(drift.get("images").asInt()).isGreaterThanOrEqualTo(25);
        assertThat(drift.get("score").isNumber()).isTrue();
        assertThat(drift.get("score").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(drift.get("training").get("histogram").size()).isEqualTo(10);
        assertThat(drift.get("live").get("lineDensity").asDouble()).isBetween(0.0, 1.0);
        double gauge = Scrape.sum("inkflow_inference_drift_score", "model=\"colorizer\"");
        assertThat(gauge).isFinite().isCloseTo(service.drift().score(), within(1e-6));
    }

    @Test
    void aPoisonPromotionGoesToTheDeadLetterTopicAndOtherModelsAreIgnored() {
        String poison = "{\"schemaVersion\":1,\"modelName\":\"colorizer\",\"alias\":\"production\"}"; // no version
        companion.produceStrings().fromRecords(List.of(
                new ProducerRecord<>(Topics.MODELS_PROMOTIONS, "colorizer", poison),
                new ProducerRecord<>(Topics.MODELS_PROMOTIONS, "sketcher", org.inkflow.common.events.EventJson.write(
                        new org.inkflow.common.events.ModelPromotion(1, "sketcher", "production", "5",
                                "models/sketcher/5/", null, "promote", null, null)))))
                .awaitCompletion(Duration.ofSeconds(20));
        ConsumerTask<String, String> dlq = companion.consumeStrings()
                .fromTopics(Topics.dlq(Topics.MODELS_PROMOTIONS), 1).awaitCompletion(Duration.ofSeconds(30));
        ConsumerRecord<String, String> dead = dlq.getFirstRecord();
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("missing required field 'version'");
        assertThat(service.registry().current()).get().extracting(m -> m.version()).isEqualTo("1");
        assertThat(Scrape.sum("inkflow_inference_model_loads_total", "outcome=\"failure\"")).isZero();
        given().get("/v2/health/ready").then().statusCode(200);
    }

    @Test
    void thePageColorsAnUploadedDrawingInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.executable() != null,
                "Chromium is not installed (apt-get install -y chromium); the page test needs a real browser");
        Path upload = Files.createTempFile("inkflow-drawing-", ".png");
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            Files.write(upload, Drawings.png(150, 90, 7));
            browser.navigate(root.toString());
            // Authentication is on: the page asks for a key, and goes on once it is given.
            browser.waitFor("document.getElementById('status').textContent.includes('needs an API key')", Duration.ofSeconds(30));
            browser.evaluate("(() => { const k = document.getElementById('apiKey'); k.value = '"
                    + TestCredentials.get().consumerKey() + "'; k.dispatchEvent(new Event('change')); return true; })()");
            browser.waitFor("document.getElementById('status').textContent.startsWith('Ready')", Duration.ofSeconds(30));
            assertThat(browser.evaluate("document.getElementById('card').textContent").asText())
                    .contains("colorizer version 1").contains("synthetic-shapes");
            browser.setFile("#file", upload);
            browser.waitFor("document.getElementById('result').dataset.width", Duration.ofSeconds(30));
            assertThat(browser.evaluate("document.getElementById('result').naturalWidth").asInt()).isEqualTo(150);
            assertThat(browser.evaluate("document.getElementById('result').naturalHeight").asInt()).isEqualTo(90);
            assertThat(browser.evaluate("document.getElementById('input').naturalWidth").asInt()).isEqualTo(150);
            assertThat(browser.evaluate("document.getElementById('status').textContent").asText())
                    .contains("Colored by colorizer version 1");
            Path screenshot = Path.of("target", "page-screenshot.png");
            Files.write(screenshot, browser.screenshot());
            BufferedImage shot = ImageArrays.decode(Files.readAllBytes(screenshot));
            assertThat(shot.getWidth()).isGreaterThan(500);
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    private double rejected() {
        return Scrape.sum("inkflow_inference_rejected_requests_total");
    }

    /** The largest difference of one 8-bit channel between two RGB pixels. */
    static int channelDistance(int a, int b) {
        int max = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            max = Math.max(max, Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)));
        }
        return max;
    }
}
