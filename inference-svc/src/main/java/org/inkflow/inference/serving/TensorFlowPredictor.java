package org.inkflow.inference.serving;

import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;

/** A {@link Predictor} over a SavedModel loaded by the serving kit ({@code model-serving}). */
public final class TensorFlowPredictor implements Predictor {

    private final ColorizerModel model;

    public TensorFlowPredictor(ColorizerModel model) {
        this.model = model;
    }

    @Override
    public float[] predict(int n, int height, int width, float[] lineArt) {
        // [n, height, width, 1] in, [n, height, width, 3] out
        return model.predict(new ImageBatch(n, height, width, 1, lineArt)).data();
    }

    @Override
    public float[] predict(int n, int height, int width, float[] lineArt, float[] hints) {
        // [n, height, width, 4] hints beside the line art; null: the model gets zeros (no hints)
        return model.predict(new ImageBatch(n, height, width, 1, lineArt),
                hints == null ? null : new ImageBatch(n, height, width, 4, hints)).data();
    }

    @Override
    public boolean takesHints() {
        return model.takesHints();
    }

    @Override
    public void close() {
        model.close();
    }
}
