package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.TestStack;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.serving.ModelCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model written to a real S3 server and loaded back through {@link ModelCache}. */
class ColorizerModelDownloadIT {

    static TestStack stack;
    static ObjectStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), "inkflow-model-it",
                "us-east-1");
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void downloadsOnceAndPredictsLikeTheLocalCopy() throws Exception {
        TinyColorizer.export(tmp.resolve("local"), "colorizer", "d1", 4, 3);
        int uploaded = store.putDirectory(tmp.resolve("local"), "models/colorizer/d1/");
        assertThat(uploaded).isGreaterThanOrEqualTo(3);
        ImageBatch in = SyntheticShapes.generate(1, 2, 16, 24).lineArt();
        Path cache = tmp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ColorizerModel local = ColorizerModel.load(tmp.resolve("local"))) {
            // Two loaders racing for the same version both end with one complete cached copy.
            Callable<float[]> load = () -> {
                try (ColorizerModel m = new ModelCache(store, cache, 0).load("models/colorizer/d1/")) {
                    return m.predict(in).data();
                }
            };
            List<Future<float[]>> both = List.of(pool.submit(load), pool.submit(load));
            float[] expected = local.predict(in).data();
            for (Future<float[]> f : both) {
                assertThat(f.get()).containsExactly(expected, within(1e-6f));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.isRegularFile(cache.resolve("models/colorizer/d1/saved_model/saved_model.pb"))).isTrue();
        try (var listing = Files.list(cache.resolve("models/colorizer"))) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("d1");
        }
        // Cached: a second download works without the bucket (location given in s3:// form, no trailing slash).
        try (ColorizerModel again = new ModelCache(store, cache, 0).load("s3://inkflow-model-it/models/colorizer/d1")) {
            assertThat(again.card().version()).isEqualTo("d1");
        }
    }

    @Test
    void missingOrIncompleteLocationsFailClearly() {
        Path cache = tmp.resolve("cache2");
        assertThatThrownBy(() -> new ModelCache(store, cache, 0).load("models/colorizer/none/"))
                .isInstanceOf(ObjectNotFoundException.class);
        store.putOnce("models/colorizer/broken/model-card.json", "{}".getBytes(), "application/json");
        assertThatThrownBy(() -> new ModelCache(store, cache, 0).load("models/colorizer/broken/"))
                .hasMessageContaining("is not a model version");
        assertThatThrownBy(() -> new ModelCache(store, cache, 0).load("models/../../etc/"))
                .hasMessageContaining("..");
        assertThat(cache.resolve("models/colorizer/broken")).doesNotExist();
    }
}
