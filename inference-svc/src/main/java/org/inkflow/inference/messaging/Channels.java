package org.inkflow.inference.messaging;

/** inference-svc's channel names; application.properties maps them to topics. */
public final class Channels {

    public static final String MODELS_PROMOTIONS = "models-promotions";

    private Channels() {
    }
}
