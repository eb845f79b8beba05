package org.inkflow.trainer.training;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Where a training loop reports: metrics, validations with a preview image, and checkpoints. The service's
 * recorder writes them to S3, Prometheus and Kafka; tests keep them in memory.
 */
public interface RunRecorder {

    /** Every step ({@link StepRecord#logged()} on logging steps, with layer diagnostics). */
    void step(StepRecord record);

    /** Each validation pass, with input | prediction | target rows for fixed validation samples. */
    void validation(ValidationRecord record, BufferedImage preview);

    /** The pictures of the network at a validation step, PNG bytes by file name ({@link NetworkSnapshots}). */
    void network(long step, java.util.Map<String, byte[]> pictures);

    /**
     * The loop restored a checkpoint at {@code step} and scored the validation split: the loss should equal the
     * checkpoint's validation loss (the proof that weights came back).
     */
    void resumed(long step, double validationLoss);

    /**
     * A checkpoint was written locally under {@code prefix} ({@code prefix.index}, {@code prefix.data-*}); persist it
     * durably before returning.
     */
    void checkpoint(CheckpointState state, Path prefix);
}
