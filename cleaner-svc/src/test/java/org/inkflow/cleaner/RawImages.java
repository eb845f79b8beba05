package org.inkflow.cleaner;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ContentHash;
import org.inkflow.common.storage.ObjectStore;

/** Plays the crawler in integration tests: stores raw bytes under raw/ and emits images.raw. */
public final class RawImages {

    private final ObjectStore store;
    private final KafkaCompanion companion;

    public RawImages(ObjectStore store, KafkaCompanion companion) {
        this.store = store;
        this.companion = companion;
    }

    /** Stores an image (and its paired line art, when given) and returns the event the crawler would emit. */
    public RawImageStored store(byte[] image, byte[] lineArt, String groupKey, String rating, String... tags) {
        String sha = ContentHash.sha256(image);
        String tag = tags.length == 0 ? "untagged" : tags[0];
        String key = "raw/test/" + tag + "/" + sha + ".png";
        store.putOnce(key, image, "image/png");
        String lineArtKey = null;
        if (lineArt != null) {
            lineArtKey = "raw/test/" + tag + "/" + sha + ".lineart.png";
            store.putOnce(lineArtKey, lineArt, "image/png");
        }
        return event(sha, key, lineArtKey, groupKey, rating, tags);
    }

    public static RawImageStored event(String sha, String key, String lineArtKey, String groupKey, String rating, String... tags) {
        return new RawImageStored(RawImageStored.SCHEMA_VERSION, sha, "job-it", "test", key, null, "image/png", 100L,
                null, null, List.of(tags), rating, "http://127.0.0.1/" + sha, "CC-BY-SA-4.0", lineArtKey, groupKey,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    public void send(RawImageStored... events) {
        companion.produceStrings().fromRecords(java.util.Arrays.stream(events)
                        .map(e -> new ProducerRecord<>(Topics.IMAGES_RAW, e.key(), EventJson.write(e))).toList())
                .awaitCompletion(Duration.ofSeconds(20));
    }

    public void sendRaw(String key, String value) {
        companion.produceStrings().fromRecords(List.of(new ProducerRecord<>(Topics.IMAGES_RAW, key, value)))
                .awaitCompletion(Duration.ofSeconds(20));
    }
}
