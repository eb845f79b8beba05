package org.inkflow.trainer.training;

/** Names inside a checkpoint directory {@code runs/<runId>/checkpoints/step-<n>/}. */
public final class CheckpointFiles {

    /** TensorFlow's variable files: {@code weights.index} and {@code weights.data-00000-of-00001}. */
    public static final String PREFIX = "weights";
    /** The {@link CheckpointState}, written last: a checkpoint without it is incomplete and ignored. */
    public static final String STATE = "checkpoint.json";

    private CheckpointFiles() {
    }
}
