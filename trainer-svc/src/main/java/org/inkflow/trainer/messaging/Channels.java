package org.inkflow.trainer.messaging;

/** The trainer's channel names; application.properties maps them to topics. */
public final class Channels {

    public static final String TRAINING_REQUESTS = "training-requests";
    public static final String DATASETS = "datasets";
    public static final String TRAINING_PROGRESS = "training-progress";
    public static final String MODELS_CANDIDATES = "models-candidates";

    private Channels() {
    }
}
