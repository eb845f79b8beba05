package org.inkflow.evaluator.messaging;

/** The evaluator's channel names; application.properties maps them to topics. */
public final class Channels {

    /** {@code inkflow.models.candidates}, consumed: every candidate is evaluated. */
    public static final String CANDIDATES = "candidates";
    /** {@code inkflow.models.candidates}, produced: ensemble candidates requested over REST. */
    public static final String CANDIDATES_OUT = "candidates-out";
    /** {@code inkflow.models.evaluations}, produced. */
    public static final String EVALUATIONS = "evaluations";
    /** {@code inkflow.models.promotions}, produced. */
    public static final String PROMOTIONS_OUT = "promotions-out";
    /** {@code inkflow.models.promotions}, replayed from the start at each start to repair the registry. */
    public static final String PROMOTIONS = "promotions";

    private Channels() {
    }
}
