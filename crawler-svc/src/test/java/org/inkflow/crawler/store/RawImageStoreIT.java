package org.inkflow.crawler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.inkflow.common.artifacts.RawImageIndexEntry;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.image.ImageFormat;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.localstack.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global index on real S3 tells a resumed job's repeat of its own item (same job, same post: stored before the
 * restart, after the last saved cursor) from a duplicate (another post or another job with the same bytes).
 */
class RawImageStoreIT {

    private static Path work;
    private static S3ProxyServer s3;
    private static ObjectStore store;
    private final List<RawImageStored> announced = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("inkflow-raw-image-store");
        s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, work);
        store = ObjectStore.connect(s3.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                "inkflow-raw-image-store-it", "us-east-1");
        store.ensureBucket();
    }

    @AfterAll
    static void stop() throws IOException {
        s3.close();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static RawImage image(byte[] png, String post) {
        return new RawImage("openmoji", "animals-nature", png, ImageFormat.PNG, 40, 24, post, List.of("fox"), "general",
                "https://openmoji.org/" + post, null, "CC BY-SA 4.0", post, null);
    }

    @Test
    void aRepeatOfTheSameJobsPostIsToldFromADuplicate() throws Exception {
        RawImageStore images = new RawImageStore(store, announced::add, Clock.systemUTC());
        byte[] png = TestImages.png(7, 40, 24);

        RawImageStore.Outcome first = images.store(image(png, "1F98A"), "job-1");
        assertThat(first.stored()).isTrue();
        RawImageIndexEntry entry = RawImageIndexEntry.read(store.get(Keys.rawIndexSha256(first.sha256())));
        assertThat(entry.jobId()).isEqualTo("job-1");
        assertThat(entry.postId()).isEqualTo("1F98A");

        RawImageStore.Outcome resumed = images.store(image(png, "1F98A"), "job-1");
        assertThat(resumed.stored()).as("stored once").isFalse();
        assertThat(resumed.repeated()).as("the same job's item, after a restart").isTrue();
        assertThat(resumed.objectKey()).isEqualTo(first.objectKey());

        assertThat(images.store(image(png, "1F98B"), "job-1").repeated()).as("another post, same bytes").isFalse();
        assertThat(images.store(image(png, "1F98A"), "job-2").repeated()).as("another job").isFalse();
        assertThat(announced).as("announced once").hasSize(1);
    }
}
