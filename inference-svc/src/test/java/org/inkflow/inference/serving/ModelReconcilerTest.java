package org.inkflow.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelReconcilerTest {

    /** Answers every pixel with {@code value} in all three channels; counts closes. */
    static final class ConstantPredictor implements Predictor {
        final float value;
        volatile int closes;

        ConstantPredictor(float value) {
            this.value = value;
        }

        @Override
        public float[] predict(int n, int height, int width, float[] lineArt) {
            float[] rgb = new float[n * height * width * 3]; // [n, H, W, 3]
            java.util.Arrays.fill(rgb, value);
            return rgb;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    static ServedModel model(String version, Predictor predictor) {
        return new ServedModel(new ModelDescription("colorizer", version, "models/colorizer/" + version + "/", 16, 4,
                null, Map.of()), predictor);
    }

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, ConstantPredictor> predictors = new ConcurrentHashMap<>();
    private ModelReconciler reconciler;

    private final SwapListener listener = new SwapListener() {
        @Override
        public void swapped(ServedModel model, ServedModel previous, boolean freshlyLoaded, long loadNanos) {
            events.add((freshlyLoaded ? "loaded " : "reused ") + model.version());
        }

        @Override
        public void failed(String name, String version, String location, Exception error) {
            events.add("failed " + version + ": " + error.getMessage());
        }
    };

    /** Versions starting with "nan" answer NaN, "broken" ones cannot be loaded. */
    private final ModelLoader loader = (name, version, location) -> {
        if (version.startsWith("broken")) {
            throw new IllegalStateException("saved_model.pb is corrupt");
        }
        ConstantPredictor p = new ConstantPredictor(version.startsWith("nan") ? Float.NaN : 0.5f);
        predictors.put(version, p);
        return model(version, p);
    };

    @AfterEach
    void close() {
        if (reconciler != null) {
            reconciler.close();
        }
    }

    private ModelReconciler reconciler(ModelRegistry registry, ModelLoader l) {
        reconciler = new ModelReconciler(registry, l, new ModelWarmUp(1, 3), listener);
        return reconciler;
    }

    private void promote(String version) {
        reconciler.promote(new ModelReconciler.Target(version, "models/colorizer/" + version + "/"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(reconciler::idle);
    }

    @Test
    void promotionsLoadSwapAndABrokenOneKeepsTheCurrentVersion() {
        ModelRegistry registry = new ModelRegistry("colorizer", 2);
        reconciler(registry, loader);
        assertThatThrownBy(() -> registry.acquire(null)).isInstanceOfSatisfying(ModelUnavailableException.class,
                e -> assertThat(e.notLoadedYet()).isTrue());
        promote("1");
        promote("2");
        promote("broken-3");
        promote("nan-4");
        assertThat(registry.current()).get().extracting(ServedModel::version).isEqualTo("2");
        assertThat(events).containsExactly("loaded 1", "loaded 2", "failed broken-3: saved_model.pb is corrupt",
                "failed nan-4: model colorizer nan-4 answered NaN on the warm-up drawing; outputs must be RGB in [0,1]");
        // The NaN model was loaded, refused and closed; nothing leaks.
        assertThat(predictors.get("nan-4").closes).isEqualTo(1);
        assertThat(registry.versions()).containsExactly("2", "1");
    }

    @Test
    void theSamePromotionTwiceIsANoOpAndAKeptVersionComesBackWithoutLoading() {
        ModelRegistry registry = new ModelRegistry("colorizer", 3);
        reconciler(registry, loader);
        promote("1");
        promote("1");
        promote("2");
        promote("1");
        assertThat(events).containsExactly("loaded 1", "loaded 2", "reused 1");
        assertThat(registry.current()).get().extracting(ServedModel::version).isEqualTo("1");
        assertThat(registry.versions()).containsExactly("1", "2");
    }

    @Test
    void versionsBeyondKeepAreClosedButOnlyAfterTheirLastRequest() {
        ModelRegistry registry = new ModelRegistry("colorizer", 2);
        reconciler(registry, loader);
        promote("1");
        ModelLease inFlight = registry.acquire("1");
        promote("2");
        promote("3"); // evicts 1 while a request still holds it
        assertThat(registry.versions()).containsExactly("3", "2");
        assertThat(predictors.get("1").closes).isZero();
        assertThat(inFlight.model().predictor().predict(1, 4, 4, new float[16])).hasSize(48);
        inFlight.close();
        inFlight.close(); // twice is harmless
        assertThat(predictors.get("1").closes).isEqualTo(1);
        assertThatThrownBy(() -> registry.acquire("1")).isInstanceOfSatisfying(ModelUnavailableException.class,
                e -> assertThat(e.notLoadedYet()).isFalse()).hasMessageContaining("[3, 2]");
    }

    @Test
    void promotionsArrivingDuringALoadAreCoalescedToTheLatest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> loads = new CopyOnWriteArrayList<>();
        ModelRegistry registry = new ModelRegistry("colorizer", 3);
        reconciler(registry, (name, version, location) -> {
            loads.add(version);
            if (version.equals("1") && !gate.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate");
            }
            return loader.load(name, version, location);
        });
        reconciler.promote(new ModelReconciler.Target("1", "models/colorizer/1/"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> loads.contains("1"));
        for (String v : List.of("2", "3", "4")) {
            reconciler.promote(new ModelReconciler.Target(v, "models/colorizer/" + v + "/"));
        }
        gate.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(reconciler::idle);
        assertThat(loads).containsExactly("1", "4");
        assertThat(registry.current()).get().extracting(ServedModel::version).isEqualTo("4");
    }

    @Test
    void aCardWhoseVersionDisagreesWithThePromotionIsRefused() {
        ModelRegistry registry = new ModelRegistry("colorizer", 2);
        reconciler(registry, (name, version, location) -> model("9", new ConstantPredictor(0.5f)));
        promote("5");
        assertThat(registry.current()).isEmpty();
        assertThat(events).singleElement().asString().contains("says version 9");
    }
}
