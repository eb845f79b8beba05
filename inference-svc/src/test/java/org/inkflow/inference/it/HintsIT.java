package org.inkflow.inference.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.imaging.Framing;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.serving.ModelCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model with the color-hints input served against a real broker and S3: its metadata lists the optional
 * {@code hints} input, v2 JSON and binary requests with hints give the bare model's values (and none, or zeros, give
 * the no-hints values), bad hints are 400s that say what to send, and {@code /colorize} takes a hints PNG as the
 * multipart part {@code hints}.
 */
@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class HintsIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String VERSION = "h1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path bareModelDir;
    private static ColorizerModel bareModel;

    TestStack stack;

    @Inject
    ObjectStore store;

    @Inject
    ColorizerService service;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    @BeforeEach
    void serveTheHintModel() {
        if (service.registry().current().isEmpty()) {
            try (KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers())) {
                ModelFixtures.promote(companion, VERSION, ModelFixtures.exportTiny(store, VERSION, 5, true));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true)));
    }

    @AfterAll
    static void closeBareModel() {
        if (bareModel != null) {
            bareModel.close();
            ModelFixtures.delete(bareModelDir);
        }
    }

    private ColorizerModel bareModel() throws Exception {
        if (bareModel == null) {
            bareModelDir = Files.createTempDirectory("inkflow-bare-hints-");
            bareModel = new ModelCache(store, bareModelDir, 0).load(ModelFixtures.location(VERSION));
        }
        return bareModel;
    }

    /** {@code [n, h, w, 4]}: a few opaque colored pixels per image, the rest no hint. */
    private static float[] hints(int n, int h, int w) {
        float[] out = new float[n * h * w * 4];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 5; k++) {
                int p = (i * h * w + (k * 3 + 1) % h * w + (k * 4 + i) % w) * 4;
                out[p] = 0.9f;
                out[p + 1] = 0.1f * k;
                out[p + 2] = 0.2f;
                out[p + 3] = 1f;
            }
        }
        return out;
    }

    private static String tensor(String name, int n, int h, int w, int c, float[] data) {
        return "{\"name\":\"" + name + "\",\"datatype\":\"FP32\",\"shape\":[" + n + "," + h + "," + w + "," + c
                + "],\"data\":" + Arrays.toString(data) + "}";
    }

    private static float[] lineArt(int n, int h, int w) {
        float[] input = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(Drawings.lineArt(h, w, i), 0, input, i * h * w, h * w);
        }
        return input;
    }

    @Test
    void metadataAndTheCardSayTheModelTakesHints() {
        given().get("/v2/models/colorizer").then().statusCode(200)
                .body("inputs[0].name", equalTo("line_art"))
                .body("inputs[1].name", equalTo("hints"))
                .body("inputs[1].datatype", equalTo("FP32"))
                .body("inputs[1].shape", equalTo(List.of(-1, -1, -1, 4)))
                .body("inputs[1].optional", equalTo(true));
        given().get("/models/colorizer/card").then().statusCode(200).body("hints", equalTo(true))
                .body("card.architecture.hints", equalTo(true));
    }

    @Test
    void v2JsonWithHintsGivesTheBareModelsValuesAndWithoutOrZerosTheNoHintValues() throws Exception {
        int n = 2, h = 16, w = 24;
        float[] input = lineArt(n, h, w);
        float[] hints = hints(n, h, w);
        float[] expected = bareModel().predict(new ImageBatch(n, h, w, 1, input), new ImageBatch(n, h, w, 4, hints)).data();
        float[] none = bareModel().predict(new ImageBatch(n, h, w, 1, input)).data();
        assertThat(expected).as("the hints change the colors").isNotEqualTo(none);

        String withHints = "{\"id\":\"h\",\"inputs\":[" + tensor("line_art", n, h, w, 1, input) + ","
                + tensor("hints", n, h, w, 4, hints) + "]}";
        assertValues(given().contentType("application/json").body(withHints).post("/v2/models/colorizer/infer"),
                expected);
        String without = "{\"inputs\":[" + tensor("line_art", n, h, w, 1, input) + "]}";
        assertValues(given().contentType("application/json").body(without)
                .post("/v2/models/colorizer/versions/" + VERSION + "/infer"), none);
        String zeros = "{\"inputs\":[" + tensor("hints", n, h, w, 4, new float[n * h * w * 4]) + ","
                + tensor("line_art", n, h, w, 1, input) + "]}";
        assertValues(given().contentType("application/json").body(zeros).post("/v2/models/colorizer/infer"), none);
    }

    @Test
    void v2BinaryDataCarriesHintsInInputOrder() throws Exception {
        int n = 1, h = 8, w = 12;
        float[] input = lineArt(n, h, w);
        float[] hints = hints(n, h, w);
        String header = "{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,8,12,1],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + input.length * 4 + "}},{\"name\":\"hints\","
                + "\"shape\":[1,8,12,4],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":"
                + hints.length * 4 + "}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + (input.length + hints.length) * 4)
                .order(ByteOrder.LITTLE_ENDIAN).put(json);
        for (float v : input) {
            body.putFloat(v);
        }
        for (float v : hints) {
            body.putFloat(v);
        }
        Response response = given().contentType("application/octet-stream")
                .header("Inference-Header-Content-Length", json.length).body(body.array())
                .post("/v2/models/colorizer/infer");
        assertValues(response, bareModel().predict(new ImageBatch(n, h, w, 1, input),
                new ImageBatch(n, h, w, 4, hints)).data());
    }

    @Test
    void badHintsAre400sThatSayWhatToSend() {
        int n = 1, h = 8, w = 12;
        float[] input = lineArt(n, h, w);
        post("{\"inputs\":[" + tensor("line_art", n, h, w, 1, input) + "," + tensor("hints", n, w, h, 4,
                new float[n * h * w * 4]) + "]}", "must have the line art's N, H and W: [1,8,12,4]");
        post("{\"inputs\":[" + tensor("line_art", n, h, w, 1, input) + "," + tensor("hints", n, h, w, 3,
                new float[n * h * w * 3]) + "]}", "hints are [N,H,W,4]");
        float[] outOfRange = new float[n * h * w * 4];
        outOfRange[7] = 255f;
        post("{\"inputs\":[" + tensor("line_art", n, h, w, 1, input) + "," + tensor("hints", n, h, w, 4, outOfRange)
                + "]}", "hints[7] is 255.0");
        post("{\"inputs\":[" + tensor("hints", n, h, w, 4, new float[n * h * w * 4]) + "]}", "no input 'line_art'");
        given().get("/v2/health/ready").then().statusCode(200);
    }

    private static void post(String body, String message) {
        given().contentType("application/json").body(body).post("/v2/models/colorizer/infer")
                .then().statusCode(400).body("error", containsString(message));
    }

    @Test
    void colorizeTakesAHintsPngAsAMultipartPartFramedLikeTheDrawing() throws Exception {
        int width = 60;
        int height = 36;
        byte[] drawing = Drawings.png(width, height, 2);
        BufferedImage hintImage = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 10; y < 20; y++) {
            for (int x = 20; x < 34; x++) {
                hintImage.setRGB(x, y, 0xFFE01020);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(hintImage, "png", png);

        Response response = given().multiPart("image", "drawing.png", drawing, "image/png")
                .multiPart("hints", "hints.png", png.toByteArray(), "image/png").post("/colorize");
        response.then().statusCode(200).contentType("image/png").header("X-Inkflow-Model-Version", VERSION);
        BufferedImage result = ImageArrays.decode(response.asByteArray());
        assertThat(result.getWidth()).isEqualTo(width);
        assertThat(result.getHeight()).isEqualTo(height);

        // The bare model through the same framing, with and without the hints: the answer is the hinted one.
        ColorizerModel model = bareModel();
        Framing framing = Framing.plan(width, height, Framing.Mode.FIT, model.card().imageSize(), model.sizeMultiple(), 0);
        ImageBatch line = new ImageBatch(1, framing.height(), framing.width(), 1,
                framing.lineArt(ImageArrays.decode(drawing)));
        BufferedImage hinted = framing.result(model.predict(line, new ImageBatch(1, framing.height(), framing.width(), 4,
                framing.hints(hintImage))).data());
        BufferedImage plain = framing.result(model.predict(line).data());
        int offHinted = 0;
        int offPlain = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                offHinted += ServingIT.channelDistance(hinted.getRGB(x, y), result.getRGB(x, y)) > 2 ? 1 : 0;
                offPlain += ServingIT.channelDistance(plain.getRGB(x, y), result.getRGB(x, y)) > 2 ? 1 : 0;
            }
        }
        assertThat(offHinted).isZero();
        assertThat(offPlain).isPositive();

        // The raw-body form and an image part alone still work; a hints image of another size is a 400.
        given().contentType("image/png").body(drawing).post("/colorize").then().statusCode(200);
        given().multiPart("image", "drawing.png", drawing, "image/png").post("/colorize").then().statusCode(200);
        given().multiPart("image", "drawing.png", drawing, "image/png")
                .multiPart("hints", "hints.png", Drawings.png(height, width, 1), "image/png").post("/colorize")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("the drawing's size, 60x36"));
        given().multiPart("hints", "hints.png", png.toByteArray(), "image/png").post("/colorize")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("only a 'hints' part"));
    }

    @Test
    void thePageDrawsHintsOnTheDrawingAndSendsThemWithIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(HeadlessChromium.executable() != null,
                "Chromium is not installed (apt-get install -y chromium); the page test needs a real browser");
        Path upload = Files.createTempFile("inkflow-drawing-", ".png");
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            Files.write(upload, Drawings.png(150, 90, 7));
            browser.navigate(root.toString());
            browser.waitFor("document.getElementById('status').textContent.includes('needs an API key')",
                    Duration.ofSeconds(30));
            browser.evaluate("(() => { const k = document.getElementById('apiKey'); k.value = '"
                    + org.inkflow.localstack.TestCredentials.get().consumerKey()
                    + "'; k.dispatchEvent(new Event('change')); return true; })()");
            browser.waitFor("document.getElementById('status').textContent.includes('takes color hints')",
                    Duration.ofSeconds(30));
            assertThat(browser.evaluate("document.getElementById('hintTools').hidden").asBoolean()).isFalse();
            browser.setFile("#file", upload);
            browser.waitFor("document.getElementById('result').dataset.width", Duration.ofSeconds(30));
            // Record what the page sends, then draw a stroke on the drawing with the picked color.
            browser.evaluate("(() => { window.sentParts = []; const f = window.fetch; window.fetch = (u, o) => {"
                    + " if (o && o.body instanceof FormData) { window.sentParts.push([...o.body.keys()].join(',')); }"
                    + " return f(u, o); }; return true; })()");
            browser.evaluate("(() => { document.getElementById('hintColor').value = '#20c040';"
                    + " const c = document.getElementById('hintCanvas'); const b = c.getBoundingClientRect();"
                    + " const ev = (type, fx, fy) => c.dispatchEvent(new PointerEvent(type, {bubbles: true,"
                    + " clientX: b.left + b.width * fx, clientY: b.top + b.height * fy}));"
                    + " ev('pointerdown', 0.3, 0.5); ev('pointermove', 0.4, 0.5); ev('pointermove', 0.5, 0.55);"
                    + " ev('pointerup', 0.5, 0.55); return true; })()");
            assertThat(browser.evaluate("document.getElementById('hintCanvas').width").asInt()).isEqualTo(150);
            // The stroke is on the canvas in the picked color, in the drawing's own pixels.
            assertThat(browser.evaluate("Array.from(document.getElementById('hintCanvas').getContext('2d')"
                    + ".getImageData(52, 45, 1, 1).data).join(',')").asText()).isEqualTo("32,192,64,255");
            browser.evaluate("(() => { document.getElementById('result').removeAttribute('data-width');"
                    + " document.getElementById('colorizeHints').click(); return true; })()");
            browser.waitFor("document.getElementById('status').textContent.includes('with hints in')",
                    Duration.ofSeconds(30));
            assertThat(browser.evaluate("window.sentParts.join(';')").asText()).isEqualTo("image,hints");
            assertThat(browser.evaluate("document.getElementById('result').naturalWidth").asInt()).isEqualTo(150);
            assertThat(browser.evaluate("document.getElementById('status').textContent").asText())
                    .contains("Colored by colorizer version " + VERSION + " with hints");
            Files.write(Path.of("target", "page-hints-screenshot.png"), browser.screenshot());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    private static void assertValues(Response response, float[] expected) throws Exception {
        response.then().statusCode(200);
        byte[] bytes = response.asByteArray();
        String length = response.header("Inference-Header-Content-Length");
        JsonNode out;
        float[] got = new float[expected.length];
        if (length == null) {
            out = JSON.readTree(bytes).get("outputs").get(0);
            for (int i = 0; i < expected.length; i++) {
                got[i] = out.get("data").get(i).floatValue();
            }
        } else {
            int json = Integer.parseInt(length);
            out = JSON.readTree(Arrays.copyOf(bytes, json)).get("outputs").get(0);
            ByteBuffer.wrap(bytes, json, bytes.length - json).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(got);
        }
        assertThat(out.get("name").asText()).isEqualTo("rgb");
        assertThat(got).containsExactly(expected, within(1e-4f));
    }
}
