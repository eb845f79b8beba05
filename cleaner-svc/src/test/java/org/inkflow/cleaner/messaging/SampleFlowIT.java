package org.inkflow.cleaner.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.inkflow.cleaner.RawImages;
import org.inkflow.cleaner.TestImages;
import org.inkflow.common.artifacts.SampleMeta;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;
import org.inkflow.common.events.Topics;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crafted images, one per rule plus good ones, through the real broker and S3: each reject carries its rule and
 * measured value, accepted ones are stored as input/target pairs, a re-encoded copy is a near-duplicate, and the
 * same raw image again emits nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class SampleFlowIT {

    TestStack stack;

    @Inject
    ObjectStore store;

    KafkaCompanion companion;
    ConsumerTask<String, String> cleaned;
    ConsumerTask<String, String> rejected;

    @BeforeEach
    void connect() {
        companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        cleaned = companion.consumeStrings().fromTopics(Topics.SAMPLES_CLEANED);
        rejected = companion.consumeStrings().fromTopics(Topics.SAMPLES_REJECTED);
    }

    @AfterEach
    void disconnect() {
        cleaned.stop();
        rejected.stop();
        companion.close();
    }

    @Test
    void everyRuleRejectsItsImageAndGoodImagesBecomeSamples() {
        RawImages raw = new RawImages(store, companion);
        BufferedImage emojiLike = TestImages.drawing(128, 96, new Color(250, 180, 30), 20);
        RawImageStored paired = raw.store(TestImages.openmoji("color", "1F600"), TestImages.openmoji("black", "1F600"),
                "1F600", null, "smileys-emotion", "face");
        RawImageStored shape = raw.store(TestImages.png(orangeRectangle()), null, null, "g", "shapes");
        RawImageStored good = raw.store(TestImages.png(emojiLike), null, "group-a", "s", "shapes");
        Map<String, RawImageStored> bad = Map.of(
                "too-small", raw.store(TestImages.png(TestImages.drawing(40, 32, Color.RED, 21)), null, null, null, "x"),
                "extreme-aspect-ratio", raw.store(TestImages.png(TestImages.drawing(400, 100, Color.RED, 22)), null, null, null, "x"),
                "already-grayscale", raw.store(TestImages.png(TestImages.gray(TestImages.drawing(120, 90, Color.RED, 23))), null, null, null, "x"),
                "too-many-pixels", raw.store(TestImages.pngBomb(100_000, 100_000), null, null, null, "x"),
                "undecodable", raw.store("GIF89a but not really".getBytes(), null, null, null, "x"),
                "too-entangled", raw.store(TestImages.png(hatching()), null, null, null, "x"),
                "blocked-tag", raw.store(TestImages.png(TestImages.drawing(120, 90, Color.BLUE, 24)), null, null, null, "x", "comic"),
                "rating", raw.store(TestImages.png(TestImages.drawing(120, 90, Color.GREEN, 25)), null, null, "e", "x"),
                "too-little-color", raw.store(TestImages.png(sketchWithARedLine()), null, null, null, "x"));
        raw.send(paired, shape, good);
        bad.values().forEach(raw::send);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cleaned.getRecords().size() >= 3
                && rejected.getRecords().size() >= bad.size());

        Map<String, SampleRejected> rejections = rejected.getRecords().stream()
                .map(r -> EventJson.read(r.value(), SampleRejected.class))
                .collect(Collectors.toMap(SampleRejected::sha256, Function.identity()));
        bad.forEach((rule, event) -> assertThat(rejections.get(event.sha256()).rule()).as(rule).isEqualTo(rule));
        SampleRejected bomb = rejections.get(bad.get("too-many-pixels").sha256());
        assertThat(bomb.value()).isEqualTo(1e10);
        assertThat(bomb.threshold()).isEqualTo(16_777_216.0);
        assertThat(bomb.reason()).contains("100000x100000").contains("inkflow.cleaner.max-pixels");
        assertThat(rejections.get(bad.get("too-small").sha256()).value()).isEqualTo(32.0);
        assertThat(rejections.get(bad.get("extreme-aspect-ratio").sha256()).value()).isEqualTo(4.0);
        assertThat(rejections.get(bad.get("too-entangled").sha256()).value()).isGreaterThan(0.45);
        assertThat(store.exists("samples/" + bomb.sha256() + "/rejected.json")).isTrue();

        Map<String, SampleCleaned> samples = cleaned.getRecords().stream().map(r -> EventJson.read(r.value(), SampleCleaned.class))
                .collect(Collectors.toMap(SampleCleaned::sha256, Function.identity()));
        assertThat(samples).containsOnlyKeys(paired.sha256(), shape.sha256(), good.sha256());
        assertThat(samples.get(paired.sha256()).lineArtSource()).isEqualTo("paired");
        assertThat(samples.get(paired.sha256()).groupKey()).isEqualTo("1F600");
        assertThat(samples.get(shape.sha256()).lineArtSource()).isEqualTo("extracted");
        assertThat(samples.get(shape.sha256()).groupKey()).isEqualTo(shape.sha256()); // default: the content hash
        for (SampleCleaned s : samples.values()) {
            BufferedImage input = ImageArrays.decode(store.get(s.inputKey()));
            BufferedImage target = ImageArrays.decode(store.get(s.targetKey()));
            assertThat(input.getWidth()).isEqualTo(64);
            assertThat(target.getHeight()).isEqualTo(64);
            SampleMeta meta = SampleMeta.read(store.get(s.metaKey()));
            assertThat(meta.split()).isEqualTo(s.split());
            assertThat(meta.perceptualHash()).hasSize(16);
        }
        // The paired input is the black outline layer: its corner is paper, the face outline is ink.
        float[] pairedInput = ImageArrays.toGray(ImageArrays.decode(store.get(samples.get(paired.sha256()).inputKey())));
        assertThat(pairedInput[0]).isEqualTo(1f);
        assertThat(min(pairedInput)).isLessThan(0.1f);
        // The extracted line art of the rectangle: dark on its edges, light inside. 160x100 -> 64x40 at y 12..51;
        // the rectangle x 40..119, y 20..79 -> x 16..47, y 20..43.
        float[] extracted = ImageArrays.toGray(ImageArrays.decode(store.get(samples.get(shape.sha256()).inputKey())));
        assertThat(extracted[32 * 64 + 32]).isGreaterThan(0.95f);
        assertThat(Math.min(extracted[32 * 64 + 15], extracted[32 * 64 + 16])).isLessThan(0.75f);
        assertThat(Math.min(extracted[32 * 64 + 47], extracted[32 * 64 + 48])).isLessThan(0.75f);
        assertThat(Math.min(extracted[19 * 64 + 32], extracted[20 * 64 + 32])).isLessThan(0.75f);

        // A re-encoded, slightly resized copy of an accepted image is a near-duplicate of it.
        RawImageStored copy = raw.store(TestImages.jpeg(ImageArrays.resize(emojiLike, 120, 90)), null, null, null, "shapes");
        raw.send(copy);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rejected.getRecords().size() >= bad.size() + 1);
        SampleRejected dup = EventJson.read(rejected.getRecords().get(bad.size()).value(), SampleRejected.class);
        assertThat(dup.sha256()).isEqualTo(copy.sha256());
        assertThat(dup.rule()).isEqualTo("near-duplicate");
        assertThat(dup.reason()).contains(good.sha256());

        // The same raw images again change nothing and emit nothing; a new image after them shows they were read.
        int cleanedBefore = cleaned.getRecords().size();
        int rejectedBefore = rejected.getRecords().size();
        raw.send(paired, bad.get("too-many-pixels"), copy);
        RawImageStored sentinel = raw.store(TestImages.png(TestImages.drawing(100, 100, new Color(200, 40, 160), 26)), null, null, null, "shapes");
        raw.send(sentinel);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cleaned.getRecords().size() > cleanedBefore);
        assertThat(cleaned.getRecords().subList(cleanedBefore, cleaned.getRecords().size()))
                .extracting(r -> r.key()).containsExactly(sentinel.sha256());
        assertThat(rejected.getRecords()).hasSize(rejectedBefore);

        given().get("/samples/stats").then().statusCode(200)
                .body("loaded", equalTo(true))
                .body("accepted", equalTo(4))
                .body("rejected", equalTo(bad.size() + 1))
                .body("rejectedByRule.'near-duplicate'", equalTo(1));
        given().get("/samples/" + bomb.sha256()).then().statusCode(200)
                .body("outcome", equalTo("rejected")).body("rejection.rule", equalTo("too-many-pixels"));
        given().get("/samples/" + paired.sha256()).then().statusCode(200).body("meta.lineArtSource", equalTo("paired"));
        given().get("/samples/nothex").then().statusCode(400).body("field", equalTo("sha256"));
        given().get("/samples/" + "0".repeat(64)).then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("not consumed yet"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("inkflow_cleaner_rejected_samples_total{rule=\"too-many-pixels\"} 1.0"))
                .body(containsString("inkflow_cleaner_accepted_samples_total{split="))
                .body(containsString("inkflow_cleaner_process_seconds_bucket"))
                .body(containsString("inkflow_cleaner_received_images_total 17.0"));
    }

    private static float min(float[] values) {
        float m = 1f;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** 160x100: an orange rectangle at x 40..119, y 20..79 on white, no outline. */
    private static BufferedImage orangeRectangle() {
        BufferedImage image = TestImages.solid(160, 100, Color.WHITE);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(240, 120, 20));
        g.fillRect(40, 20, 80, 60);
        g.dispose();
        return image;
    }

    private static BufferedImage hatching() {
        BufferedImage image = TestImages.solid(64, 64, Color.WHITE);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x += 3) {
                image.setRGB(x, y, (x / 3 % 2 == 0) ? 0xc03020 : 0x2040c0);
            }
        }
        return image;
    }

    private static BufferedImage sketchWithARedLine() {
        BufferedImage sketch = TestImages.gray(TestImages.drawing(120, 90, Color.RED, 27));
        for (int x = 0; x < 120; x++) {
            sketch.setRGB(x, 3, 0xff0000);
        }
        return sketch;
    }
}
