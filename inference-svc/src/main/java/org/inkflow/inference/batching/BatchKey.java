package org.inkflow.inference.batching;

import org.inkflow.inference.serving.Predictor;

/**
 * What requests must share to run in one batch: the same model instance (identity) and the same image size.
 *
 * @param predictor the model that runs the batch; compared by identity, so two loaded versions never mix
 * @param height    rows of every image in the batch
 * @param width     columns of every image in the batch
 */
public record BatchKey(Predictor predictor, int height, int width) {

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchKey k && k.predictor == predictor && k.height == height && k.width == width;
    }

    @Override
    public int hashCode() {
        return (System.identityHashCode(predictor) * 31 + height) * 31 + width;
    }
}
