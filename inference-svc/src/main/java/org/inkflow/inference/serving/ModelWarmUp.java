package org.inkflow.inference.serving;

import org.inkflow.model.serving.WarmUp;

/**
 * Warms a freshly loaded {@link ServedModel} up before it serves (the serving kit's {@link WarmUp} on its
 * predictor), so a model that answers with the wrong shape or values outside [0,1] is refused instead of served.
 */
public final class ModelWarmUp {

    private final WarmUp warmUp;

    /** @param batchSizes the batch sizes to run once each, e.g. 1 and the batcher's maximum */
    public ModelWarmUp(int... batchSizes) {
        this.warmUp = new WarmUp(batchSizes);
    }

    public void check(ServedModel model) {
        ModelDescription d = model.description();
        warmUp.check("model " + d.name() + " " + d.version(), d.imageSize(), d.sizeMultiple(),
                model.predictor()::predict);
    }
}
