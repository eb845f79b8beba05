package org.inkflow.cleaner.messaging;

/** The cleaner's channel names; application.properties maps them to topics. */
public final class Channels {

    public static final String IMAGES_RAW = "images-raw";
    public static final String SAMPLES_CLEANED = "samples-cleaned";
    public static final String SAMPLES_REJECTED = "samples-rejected";
    public static final String DATASETS = "datasets";

    private Channels() {
    }
}
