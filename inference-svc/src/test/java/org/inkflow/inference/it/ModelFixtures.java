package org.inkflow.inference.it;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.model.training.TinyColorizer;

/** Real model versions in the real bucket, and promotions of them on the real broker, for the ITs. */
public final class ModelFixtures {

    public static final String MODEL = "colorizer";

    private ModelFixtures() {
    }

    public static String location(String version) {
        return "models/" + MODEL + "/" + version + "/";
    }

    /** Exports a tiny real U-Net SavedModel as {@code version} and uploads it; answers its location. */
    public static String exportTiny(ObjectStore store, String version, long seed) {
        return exportTiny(store, version, seed, false);
    }

    /** As {@link #exportTiny(ObjectStore, String, long)}; {@code hints}: a model with the color-hints input. */
    public static String exportTiny(ObjectStore store, String version, long seed, boolean hints) {
        if (store.exists(location(version) + "model-card.json")) {
            return location(version);
        }
        Path dir = tempDir();
        try {
            TinyColorizer.export(dir, MODEL, version, seed, 2, hints);
            store.putDirectory(dir, location(version));
            return location(version);
        } finally {
            delete(dir);
        }
    }

    /** A model version whose card is fine but whose saved_model.pb is garbage: loading it must fail. */
    public static String uploadBroken(ObjectStore store, String version) {
        String location = location(version);
        if (store.exists(location + "model-card.json")) {
            return location;
        }
        Path dir = tempDir();
        try {
            ModelCard card = TinyColorizer.export(dir, MODEL, version, 99, 0);
            store.putOnce(location + "model-card.json", card.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
            store.putOnce(location + "saved_model/saved_model.pb", "this is not a protobuf".getBytes(StandardCharsets.UTF_8),
                    "application/octet-stream");
            return location;
        } finally {
            delete(dir);
        }
    }

    public static ModelPromotion promotion(String version, String location) {
        return new ModelPromotion(ModelPromotion.SCHEMA_VERSION, MODEL, "production", version, location,
                Map.of("valLoss", 0.1), "promote", null, Instant.now());
    }

    public static void publish(KafkaCompanion companion, ModelPromotion promotion) {
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.MODELS_PROMOTIONS, promotion.key(),
                EventJson.write(promotion))).awaitCompletion(Duration.ofSeconds(20));
    }

    public static void promote(KafkaCompanion companion, String version, String location) {
        publish(companion, promotion(version, location));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("inkflow-it-model-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
