package org.inkflow.cleaner.messaging;

/** The cleaner's channel names; application.properties maps them to topics. */
public final class Channels {

    public static final String IMAGES_RAW = "images-raw";

    private Channels() {
    }
}
