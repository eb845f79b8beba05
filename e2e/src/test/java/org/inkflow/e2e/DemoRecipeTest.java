package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.inkflow.trainer.training.Hyperparameters;
import org.junit.jupiter.api.Test;

class DemoRecipeTest {

    @Test
    void theQualityRecipeIsValidTrainerHyperparametersAtAllImagesAnd128Pixels() {
        DemoRecipe quality = DemoRecipe.named("quality");
        assertThat(quality.size()).isEqualTo(128);
        assertThat(quality.images()).isEqualTo(DemoRecipe.ALL_IMAGES);
        // What the trainer would make of the auto-train properties: valid, and the U-Net fits 128 px.
        Hyperparameters h = Hyperparameters.parse(quality.hyperparameters());
        assertThat(128 % h.modelConfig().sizeMultiple()).isZero();
        assertThat(quality.hyperparameters()).doesNotContainKey("steps");
        assertThatThrownBy(() -> DemoRecipe.named("fast")).hasMessageContaining("known: [quality]");
    }

    @Test
    void theRecipesHyperparametersBecomeTheTrainersAutoTrainPropertiesWithTheSteps() {
        DemoRecipe quality = DemoRecipe.named("quality");
        PipelineDriver.Options options = new PipelineDriver.Options(quality.images(), quality.size(), 123, null,
                "openmoji", "colorizer", quality.hyperparameters(), quality.trainingWait());
        Map<String, String> trainer = options.serviceProperties().get(InkflowService.TRAINER);
        quality.hyperparameters().forEach((name, value) ->
                assertThat(trainer).containsEntry("inkflow.trainer.auto-train.hyperparameters." + name, value));
        assertThat(trainer).containsEntry("inkflow.trainer.auto-train.hyperparameters.steps", "123");
        assertThat(options.serviceProperties().get(InkflowService.CLEANER))
                .containsEntry("inkflow.cleaner.auto-dataset.image-size", "128");
        // Without a recipe: only the steps, as before.
        assertThat(new PipelineDriver.Options(300, 64, 600, null, "openmoji", "colorizer").serviceProperties()
                .get(InkflowService.TRAINER)).containsOnlyKeys("inkflow.trainer.auto-train.enabled",
                "inkflow.trainer.auto-train.model-name", "inkflow.trainer.auto-train.hyperparameters.steps");
    }
}
