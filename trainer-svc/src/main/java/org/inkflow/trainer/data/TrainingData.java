package org.inkflow.trainer.data;

import java.util.List;
import org.inkflow.model.training.InputNormalization;

/**
 * A run's data: the training split (read through the input pipeline), the decoded validation samples, the image
 * size, the training split's normalization and mean color (the model's initial output).
 */
public record TrainingData(
        List<DatasetSnapshot.SampleRef> train,
        SampleSource source,
        List<DecodedSample> validation,
        int height,
        int width,
        InputNormalization normalization,
        float[] meanColor,
        List<Double> inputHistogram) {

    public TrainingData {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the training split is empty");
        }
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("the validation split is empty");
        }
    }
}
