package org.inkflow.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.inkflow.model.training.UNetConfig;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

    @Test
    void defaultsAreSizedForTheDemoAndOverridesApply() {
        Hyperparameters d = Hyperparameters.defaults();
        assertThat(d.steps()).isEqualTo(400);
        assertThat(d.batchSize()).isEqualTo(16);
        Hyperparameters h = Hyperparameters.parse(Map.of("learningRate", "0.01", "width", 8.0, "downsampling", "MAX_POOL",
                "seed", 7, "flip", "false"));
        assertThat(h.learningRate()).isEqualTo(0.01);
        assertThat(h.modelConfig().width()).isEqualTo(8);
        assertThat(h.modelConfig().downsampling()).isEqualTo(UNetConfig.Downsampling.MAX_POOL);
        assertThat(h.seed()).isEqualTo(7L);
        assertThat(h.flip()).isFalse();
        assertThat(Hyperparameters.parse(h.asMap())).isEqualTo(h);
    }

    @Test
    void anAutoLearningRateIsKeptUntilTheRangeTestResolvesIt() {
        Hyperparameters auto = Hyperparameters.parse(Map.of("learningRate", " AUTO ", "minLearningRate", 0.5));
        assertThat(auto.autoLearningRate()).isTrue();
        assertThat(auto.asMap()).containsEntry("learningRate", "auto");
        assertThat(Hyperparameters.parse(auto.asMap())).isEqualTo(auto);
        Hyperparameters resolved = auto.withLearningRate(0.75);
        assertThat(resolved.autoLearningRate()).isFalse();
        assertThat(resolved.learningRate()).isEqualTo(0.75);
        assertThat(resolved.asMap()).containsEntry("learningRate", 0.75);
        // Resolved below the minimum, the usual check applies.
        assertThatThrownBy(() -> auto.withLearningRate(0.1)).hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("learningRate", "automatic")))
                .hasMessageContaining("'learningRate' must be a number");
    }

    @Test
    void theWeightAverageIsOffOrADecayOfAtLeastAHalf() {
        assertThat(Hyperparameters.defaults().emaDecay()).isZero();
        assertThat(Hyperparameters.defaults().graphOptions(
                org.inkflow.model.training.InputNormalization.identity(), null, 1).emaDecay()).isZero();
        Hyperparameters h = Hyperparameters.parse(Map.of("emaDecay", 0.999, "rangeTestSteps", 20));
        assertThat(h.graphOptions(org.inkflow.model.training.InputNormalization.identity(), null, 1).emaDecay())
                .isEqualTo(0.999f);
        assertThat(h.rangeTestSteps()).isEqualTo(20);
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("emaDecay", 0.3))).hasMessageContaining("0 (off) or between 0.5");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("emaDecay", 1))).hasMessageContaining("between 0.0 and 0.99999");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("rangeTestSteps", 5))).hasMessageContaining("between 10.0 and 10000.0");
    }

    @Test
    void hueRotationAndTheAdversarialTermAreOffByDefaultAndValidated() {
        Hyperparameters d = Hyperparameters.defaults();
        assertThat(d.hueRotation()).isZero();
        assertThat(d.graphOptions(org.inkflow.model.training.InputNormalization.identity(), null, 1).adversarialWeight())
                .isZero();
        Hyperparameters h = Hyperparameters.parse(Map.of("hueRotation", 180, "adversarialWeight", "0.05",
                "emaDecay", 0.99));
        assertThat(h.hueRotation()).isEqualTo(180.0);
        var options = h.graphOptions(org.inkflow.model.training.InputNormalization.identity(), null, 1);
        assertThat(options.adversarialWeight()).isEqualTo(0.05f);
        assertThat(options.emaDecay()).as("the other options kept").isEqualTo(0.99f);
        assertThat(Hyperparameters.parse(h.asMap())).isEqualTo(h);
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("hueRotation", 270)))
                .hasMessageContaining("'hueRotation' must be between 0.0 and 180.0");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("adversarialWeight", -0.1)))
                .hasMessageContaining("'adversarialWeight' must be between 0.0 and 10.0");
    }

    @Test
    void hintsAreAnArchitectureChoiceOnByDefault() {
        assertThat(Hyperparameters.defaults().hints()).isTrue();
        assertThat(Hyperparameters.defaults().modelConfig().describe()).containsEntry("hints", true);
        Hyperparameters off = Hyperparameters.parse(Map.of("hints", false));
        assertThat(off.modelConfig().hints()).isFalse();
        assertThat(off.modelConfig().describe()).doesNotContainKey("hints");
        assertThat(off.asMap()).containsEntry("hints", false);
        assertThat(Hyperparameters.parse(off.asMap())).isEqualTo(off);
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("hints", "maybe")))
                .hasMessageContaining("'hints' must be true or false");
    }

    @Test
    void batchNormIsAnArchitectureChoiceOffByDefault() {
        assertThat(Hyperparameters.defaults().modelConfig().batchNorm()).isFalse();
        Hyperparameters h = Hyperparameters.parse(Map.of("batchNorm", true));
        assertThat(h.modelConfig().batchNorm()).isTrue();
        assertThat(h.asMap()).containsEntry("batchNorm", true);
        assertThat(h.modelConfig().describe()).containsEntry("batchNorm", true);
        assertThat(Hyperparameters.parse(h.asMap())).isEqualTo(h);
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("batchNorm", "sometimes")))
                .hasMessageContaining("'batchNorm' must be true or false");
    }

    @Test
    void aCheckpointEnsembleIsOffOrTwoToEightCheckpoints() {
        assertThat(Hyperparameters.defaults().checkpointEnsemble()).isZero();
        assertThat(Hyperparameters.parse(Map.of("checkpointEnsemble", 4)).checkpointEnsemble()).isEqualTo(4);
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("checkpointEnsemble", 1))).hasMessageContaining("2 and 8");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("checkpointEnsemble", 9))).hasMessageContaining("between 0.0 and 8.0");
    }

    @Test
    void transferLearningNamesAModelAndLayersThatExist() {
        Hyperparameters h = Hyperparameters.parse(Map.of("initFrom", "colorizer@production", "freeze",
                java.util.List.of("enc1", "enc0")));
        assertThat(h.initFromParts()).containsExactly("colorizer", "production");
        assertThat(h.freeze()).containsExactly("enc0", "enc1");
        assertThat(Hyperparameters.parse(h.asMap())).isEqualTo(h);
        assertThat(h.graphOptions(org.inkflow.model.training.InputNormalization.identity(), null, 1).frozen("enc0_down"))
                .isTrue();
        assertThat(Hyperparameters.defaults().asMap()).doesNotContainKey("initFrom").containsEntry("freeze", java.util.List.of());
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("initFrom", "colorizer"))).hasMessageContaining("'<model>@<alias or version>'");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("initFrom", "../x@y"))).hasMessageContaining("'initFrom' must be");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("freeze", java.util.List.of("enc0"))))
                .hasMessageContaining("needs 'initFrom'");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("initFrom", "c@v1", "freeze", java.util.List.of("enc7"))))
                .isInstanceOf(InvalidHyperparameterException.class).hasMessageContaining("cannot freeze [enc7]")
                .hasMessageContaining("mid_conv1");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("initFrom", "c@v1", "freeze", java.util.List.of("Enc0;"))))
                .hasMessageContaining("layer names such as");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("initFrom", "c@v1", "freeze", "enc0")))
                .hasMessageContaining("must be a list");
    }

    @Test
    void epochsTurnIntoStepsFromTheTrainingSplitSize() {
        Hyperparameters h = Hyperparameters.parse(Map.of("epochs", 3, "batchSize", 16));
        assertThat(h.totalSteps(100)).isEqualTo(21);
        assertThat(Hyperparameters.defaults().totalSteps(100)).isEqualTo(400);
    }

    @Test
    void badValuesAreRejectedByName() {
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("learningrate", 0.1)))
                .isInstanceOf(InvalidHyperparameterException.class).hasMessageContaining("unknown hyperparameter 'learningrate'");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("learningRate", -1)))
                .hasMessageContaining("'learningRate' must be between 0.0 and 10.0");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("batchSize", 2.5))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("schedule", "linear"))).hasMessageContaining("[constant, step, cosine]");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("steps", "many"))).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("minLearningRate", 0.1, "learningRate", 0.01)))
                .hasMessageContaining("must not exceed");
    }

    @Test
    void schedulesFollowTheirShapes() {
        LearningRateSchedule constant = new LearningRateSchedule(Hyperparameters.parse(Map.of("schedule", "constant",
                "learningRate", 0.01)), 100);
        assertThat(constant.at(0)).isEqualTo(0.01);
        assertThat(constant.at(99)).isEqualTo(0.01);
        LearningRateSchedule step = new LearningRateSchedule(Hyperparameters.parse(Map.of("schedule", "step",
                "learningRate", 0.01, "decaySteps", 10, "decayRate", 0.5)), 100);
        assertThat(step.at(9)).isEqualTo(0.01);
        assertThat(step.at(10)).isCloseTo(0.005, within(1e-12));
        assertThat(step.at(25)).isCloseTo(0.0025, within(1e-12));
        LearningRateSchedule cosine = new LearningRateSchedule(Hyperparameters.parse(Map.of("schedule", "cosine",
                "learningRate", 0.01, "minLearningRate", 0.001, "warmupSteps", 10)), 110);
        assertThat(cosine.at(0)).isCloseTo(0.001, within(1e-12));
        assertThat(cosine.at(9)).isCloseTo(0.01, within(1e-12));
        assertThat(cosine.at(60)).isCloseTo(0.0055, within(1e-9));
        assertThat(cosine.at(110)).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void earlyStoppingCountsValidationsWithoutImprovement() {
        EarlyStopping e = new EarlyStopping(2, 0.01);
        assertThat(e.record(1.0, 10)).isTrue();
        assertThat(e.record(0.995, 20)).isFalse();
        assertThat(e.shouldStop()).isFalse();
        EarlyStopping restored = new EarlyStopping(2, 0.01);
        restored.restore(e.state());
        assertThat(restored.record(0.999, 30)).isFalse();
        assertThat(restored.shouldStop()).isTrue();
        assertThat(restored.bestStep()).isEqualTo(10);
        assertThat(new EarlyStopping(0, 0).shouldStop()).isFalse();
    }
}
