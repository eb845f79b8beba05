package org.inkflow.cleaner.messaging;

/** The cleaner's channel names; application.properties maps them to topics. */
public final class Channels {

    public static final String IMAGES_RAW = "images-raw";
    public static final String SAMPLES_CLEANED = "samples-cleaned";
    /** The cleaner reads its own samples.cleaned too (continuous datasets); SmallRye needs a second name for that. */
    public static final String SAMPLES_CLEANED_IN = "samples-cleaned-in";
    public static final String SAMPLES_REJECTED = "samples-rejected";
    public static final String DATASETS = "datasets";

    private Channels() {
    }
}
