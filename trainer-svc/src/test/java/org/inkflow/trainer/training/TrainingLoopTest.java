package org.inkflow.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on in-memory synthetic shapes, 16x24 (non-square), with a small U-Net on the CPU. */
class TrainingLoopTest {

    @TempDir
    Path tmp;

    private static final ShapesData DATA = new ShapesData(1, 24, 8, 16, 24);

    private TrainingLoop.Settings settings() {
        return new TrainingLoop.Settings(2, 1, 4, 1000, 2, tmp.resolve("work"));
    }

    private static Hyperparameters small(Map<String, Object> extra) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("width", 8, "batchSize", 8, "learningRate", 0.005,
                "steps", 60, "validateEvery", 20, "checkpointEvery", 20, "logEvery", 5, "seed", 3));
        m.putAll(extra);
        return Hyperparameters.parse(m);
    }

    private MemoryRecorder train(Hyperparameters h, Path keep, Optional<TrainingLoop.Resume> resume) {
        MemoryRecorder recorder = new MemoryRecorder(keep);
        new TrainingLoop("test", h, DATA.trainingData(), settings(), recorder, () -> false).run(resume);
        return recorder;
    }

    @Test
    void sameSeedSameDataGivesTheSameLossCurve() {
        Hyperparameters h = small(Map.of("dropout", 0.1, "l2", 1e-4));
        MemoryRecorder a = train(h, tmp.resolve("a"), Optional.empty());
        MemoryRecorder b = train(h, tmp.resolve("b"), Optional.empty());
        assertThat(b.lossAt(50)).isCloseTo(a.lossAt(50), within(1e-5));
        assertThat(b.validations.get(2).validationLoss()).isCloseTo(a.validations.get(2).validationLoss(), within(1e-5));
        // Another seed takes another path.
        MemoryRecorder c = train(small(Map.of("dropout", 0.1, "l2", 1e-4, "seed", 4)), tmp.resolve("c"), Optional.empty());
        assertThat(c.lossAt(50)).isNotCloseTo(a.lossAt(50), within(1e-6));
    }

    @Test
    void everyValidationStoresPicturesOfTheNetworkWithItsDistributionsSoFar() throws Exception {
        MemoryRecorder r = new MemoryRecorder(tmp.resolve("pictures"));
        TrainingLoop.Settings withPictures = new TrainingLoop.Settings(2, 1, 4, 1000, 2, tmp.resolve("work"), 5);
        new TrainingLoop("pictures", small(Map.of("steps", 40)), DATA.trainingData(), withPictures,
                r, () -> false).run(Optional.empty());
        assertThat(r.network.keySet()).containsExactly(20L, 40L);
        Map<String, byte[]> last = r.network.get(40L);
        assertThat(last.keySet()).containsExactly(NetworkSnapshots.FILTERS, NetworkSnapshots.DISTRIBUTIONS,
                "activations-enc1_conv2.png", "activations-mid_conv2.png", NetworkSnapshots.INPUT_HISTOGRAM);
        java.awt.image.BufferedImage distributions = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(last.get(NetworkSnapshots.DISTRIBUTIONS)));
        int layers = org.inkflow.model.training.UNetModel.layerNames(small(Map.of()).modelConfig()).size();
        assertThat(distributions.getHeight()).as("one row of panels per layer").isEqualTo(20 + layers * (84 + 8));
        // 8 first-layer filters of width 8 on a 3x3 grid of 3x3 tiles, 12 px a weight
        java.awt.image.BufferedImage filters = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(last.get(NetworkSnapshots.FILTERS)));
        assertThat(filters.getWidth()).isEqualTo(3 * (36 + 4) + 4);
        // 5 validation samples searched: a row of 5 inputs beside their maps for each of 4 maps
        java.awt.image.BufferedImage top = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(last.get("activations-mid_conv2.png")));
        assertThat(top.getWidth()).isEqualTo(5 * (2 * 48 + 12) + 4); // 16x24 inputs shown at twice their size
        // Off by default (the 6-argument settings).
        assertThat(train(small(Map.of("steps", 20)), tmp.resolve("none"), Optional.empty()).network).isEmpty();
    }

    @Test
    void validationLossGoesBelowTheLineCopyBaseline() {
        MemoryRecorder r = train(small(Map.of("steps", 300, "validateEvery", 100, "checkpointEvery", 300,
                "learningRate", 0.005)), tmp.resolve("base"), Optional.empty());
        double baseline = TrainingLoop.lineCopyBaseline(DATA.decodedValidation(), "l1");
        assertThat(r.validations.get(r.validations.size() - 1).validationLoss()).isLessThan(baseline);
    }

    @Test
    void resumesFromACheckpointWithTheSameCurve() {
        Hyperparameters h = small(Map.of());
        MemoryRecorder straight = train(h, tmp.resolve("s"), Optional.empty());
        CheckpointState at20 = straight.checkpoints.stream().filter(c -> c.step() == 20).findFirst().orElseThrow();
        MemoryRecorder resumed = train(h, tmp.resolve("r"),
                Optional.of(new TrainingLoop.Resume(straight.checkpointPrefix(20), at20)));
        assertThat(resumed.steps.get(0).step()).isEqualTo(21);
        // Right after the restore the model scores the validation split as it did at the checkpoint.
        assertThat(resumed.resumedValidationLoss).isCloseTo(at20.validationLoss(), within(1e-5));
        for (long step = 21; step <= 60; step += 13) {
            assertThat(resumed.lossAt(step)).as("step %d", step).isCloseTo(straight.lossAt(step), within(1e-4));
        }
        assertThat(resumed.validations).hasSize(2);
    }

    @Test
    void layerDiagnosticsComeAtTheirCadenceAndTheStepLogAtItsOwn() {
        MemoryRecorder r = new MemoryRecorder(tmp.resolve("cadence"));
        TrainingLoop.Settings every10 = new TrainingLoop.Settings(2, 1, 4, 1000, 2, tmp.resolve("work"), 0, 10);
        new TrainingLoop("cadence", small(Map.of("steps", 30)), DATA.trainingData(), every10, r, () -> false)
                .run(Optional.empty());
        // StepRecord.step() counts finished steps: 0-based steps 0, 5, ..., 25 and 29 are logged; 0, 10, 20, 29 diagnosed.
        assertThat(r.steps.stream().filter(StepRecord::logged).map(StepRecord::step))
                .containsExactly(1L, 6L, 11L, 16L, 21L, 26L, 30L);
        assertThat(r.steps.stream().filter(s -> !s.layers().isEmpty()).map(StepRecord::step))
                .containsExactly(1L, 11L, 21L, 30L);
        // Logged steps between diagnostics still carry the loss, the global gradient norm and the throughput.
        StepRecord plain = r.steps.stream().filter(s -> s.step() == 6L).findFirst().orElseThrow();
        assertThat(plain.gradientNorm()).isPositive();
        assertThat(plain.samplesPerSecond()).isPositive();
        assertThat(plain.layers()).isEmpty();
    }

    @Test
    void reportsLayerDiagnosticsAndPreviews() {
        MemoryRecorder r = train(small(Map.of("steps", 20)), tmp.resolve("d"), Optional.empty());
        StepRecord logged = r.steps.stream().filter(StepRecord::logged).findFirst().orElseThrow();
        assertThat(logged.layers()).containsKeys("enc0_conv1", "mid_conv2", "out");
        logged.layers().values().forEach(l -> {
            assertThat(l.weightStd()).isPositive();
            assertThat(l.updateRatio()).isPositive().isLessThan(1);
            assertThat(l.deadRatio()).isBetween(0.0, 1.0);
        });
        assertThat(r.previews.get(0).getWidth()).isEqualTo(3 * 24 + 4);
        assertThat(r.previews.get(0).getHeight()).isEqualTo(2 * 16 + 2);
        assertThat(r.checkpoints).extracting(CheckpointState::step).contains(20L);
    }

    @Test
    void stopsEarlyWhenValidationStopsImproving() {
        // Learning rate 0: validation never improves after the first pass, patience 2 stops at the third.
        MemoryRecorder r = new MemoryRecorder(tmp.resolve("e"));
        TrainingLoop.Outcome o = new TrainingLoop("early", small(Map.of("learningRate", 0, "earlyStoppingPatience", 2,
                "validateEvery", 5, "steps", 100)), DATA.trainingData(), settings(), r, () -> false).run(Optional.empty());
        assertThat(o.ending()).isEqualTo(TrainingLoop.Ending.EARLY_STOPPED);
        assertThat(o.last().step()).isEqualTo(15);
        assertThat(o.bestStep()).isEqualTo(5);
    }

    @Test
    void stopRequestEndsTheLoop() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        TrainingLoop.Outcome o = new TrainingLoop("stop", small(Map.of()), DATA.trainingData(), settings(),
                new MemoryRecorder(tmp.resolve("x")), () -> calls.incrementAndGet() > 7).run(Optional.empty());
        assertThat(o.ending()).isEqualTo(TrainingLoop.Ending.STOPPED);
    }

    /**
     * A paused run (its partition moved to another replica, ADR 0028) checkpoints where it stopped, without a
     * validation loss so the checkpoint is never taken for the best, and its next owner resumes right after it.
     */
    @Test
    void aStopCheckpointsWhereItStoppedAndTheRunResumesFromThere() {
        Hyperparameters h = small(Map.of());
        MemoryRecorder recorder = new MemoryRecorder(tmp.resolve("paused"));
        TrainingLoop.Outcome o = new TrainingLoop("pause", h, DATA.trainingData(), settings(), recorder,
                () -> recorder.steps.size() >= 27).run(Optional.empty());
        assertThat(o.ending()).isEqualTo(TrainingLoop.Ending.STOPPED);
        CheckpointState last = recorder.checkpoints.get(recorder.checkpoints.size() - 1);
        assertThat(last.step()).isEqualTo(27);
        assertThat(last.validationLoss()).isNull();
        assertThat(last.best()).isFalse();
        assertThat(o.last()).isEqualTo(last);

        MemoryRecorder resumed = train(h, tmp.resolve("resumed"),
                Optional.of(new TrainingLoop.Resume(recorder.checkpointPrefix(27), last)));
        assertThat(resumed.steps.get(0).step()).isEqualTo(28);
        assertThat(resumed.steps.get(resumed.steps.size() - 1).step()).isEqualTo(60);
    }

    @Test
    void sanityCheckPassesOnAGoodSetupAndFailsLoudlyOnABrokenOne() {
        Hyperparameters good = small(Map.of("learningRate", 0.01, "sanitySteps", 300));
        SanityCheck.Result ok = SanityCheck.run(good, DATA.trainingData().normalization(), DATA.trainingData().meanColor(),
                DATA.decodedValidation(), 2);
        assertThat(ok.passed()).as("loss %s -> %s in %s steps", ok.initialLoss(), ok.finalLoss(), ok.steps()).isTrue();
        SanityCheck.require(ok, good);

        Hyperparameters broken = small(Map.of("learningRate", 0, "sanitySteps", 20));
        SanityCheck.Result bad = SanityCheck.run(broken, DATA.trainingData().normalization(), DATA.trainingData().meanColor(),
                DATA.decodedValidation(), 2);
        assertThat(bad.passed()).isFalse();
        assertThatThrownBy(() -> SanityCheck.require(bad, broken)).isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("sanity check failed").hasMessageContaining("learningRate");
    }

    @Test
    void refusesImageSizesTheModelCannotTake() {
        assertThatThrownBy(() -> new TrainingLoop("x", small(Map.of("depth", 4)), DATA.trainingData(), settings(),
                new MemoryRecorder(tmp), () -> false)).hasMessageContaining("multiples of 16");
    }
}
