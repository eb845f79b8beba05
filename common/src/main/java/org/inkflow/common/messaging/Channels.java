package org.inkflow.common.messaging;

import java.util.List;
import org.inkflow.common.events.Topics;

/**
 * Every service's channel names, in one place: a channel is its topic's name without the {@code inkflow.} prefix
 * with dots as dashes ({@code inkflow.images.raw} → {@code images-raw}; dots would need quoting in config keys).
 * A service that writes a topic it also reads (the crawler and the trainer, whose REST submissions are records; the evaluator; the cleaner, whose own samples.cleaned drive its
 * continuous datasets) writes it on the same name plus {@link #OUT_SUFFIX}:
 * MicroProfile Reactive Messaging refuses one channel name for both directions (SRMSG00073).
 * application.properties maps each channel to its topic.
 */
public final class Channels {

    public static final String CRAWL_JOBS = "crawl-jobs";
    public static final String IMAGES_RAW = "images-raw";
    public static final String SAMPLES_CLEANED = "samples-cleaned";
    public static final String SAMPLES_REJECTED = "samples-rejected";
    public static final String DATASETS = "datasets";
    public static final String TRAINING_REQUESTS = "training-requests";
    public static final String TRAINING_PROGRESS = "training-progress";
    public static final String MODELS_CANDIDATES = "models-candidates";
    public static final String MODELS_EVALUATIONS = "models-evaluations";
    public static final String MODELS_PROMOTIONS = "models-promotions";
    public static final String TRAINING_TRIALS = "training-trials";
    public static final String DATASETS_BUILDS = "datasets-builds";
    public static final String SAMPLES_HASHES = "samples-hashes";

    public static final String OUT_SUFFIX = "-out";
    /** The crawler's writes to {@code inkflow.crawl.jobs} (REST submissions and cancels), which it also reads. */
    public static final String CRAWL_JOBS_OUT = CRAWL_JOBS + OUT_SUFFIX;
    /** The trainer's writes to {@code inkflow.training.requests} (REST submissions and cancels), which it also reads. */
    public static final String TRAINING_REQUESTS_OUT = TRAINING_REQUESTS + OUT_SUFFIX;
    /** The trainer's writes to {@code inkflow.training.trials} (a search's trials), which it also reads. */
    public static final String TRAINING_TRIALS_OUT = TRAINING_TRIALS + OUT_SUFFIX;
    /** The cleaner's writes to {@code inkflow.samples.cleaned}, which it also reads. */
    public static final String SAMPLES_CLEANED_OUT = SAMPLES_CLEANED + OUT_SUFFIX;
    /** The evaluator's writes to {@code inkflow.models.candidates}, which it also reads. */
    public static final String MODELS_CANDIDATES_OUT = MODELS_CANDIDATES + OUT_SUFFIX;
    /** The evaluator's writes to {@code inkflow.models.promotions}, which it also reads. */
    public static final String MODELS_PROMOTIONS_OUT = MODELS_PROMOTIONS + OUT_SUFFIX;
    /** The cleaner's writes to {@code inkflow.datasets.builds} (REST and automatic requests), which it also reads. */
    public static final String DATASETS_BUILDS_OUT = DATASETS_BUILDS + OUT_SUFFIX;
    /** The cleaner's claims on {@code inkflow.samples.hashes}, which every replica also reads. */
    public static final String SAMPLES_HASHES_OUT = SAMPLES_HASHES + OUT_SUFFIX;

    /** In the order of {@link Topics#ALL}. */
    public static final List<String> ALL = List.of(CRAWL_JOBS, IMAGES_RAW, SAMPLES_CLEANED, SAMPLES_REJECTED,
            DATASETS, TRAINING_REQUESTS, TRAINING_PROGRESS, MODELS_CANDIDATES, MODELS_EVALUATIONS, MODELS_PROMOTIONS,
            TRAINING_TRIALS, DATASETS_BUILDS, SAMPLES_HASHES);

    static final String TOPIC_PREFIX = "inkflow.";

    private Channels() {
    }

    /** The channel name for {@code topic} by the rule above. */
    public static String forTopic(String topic) {
        if (!topic.startsWith(TOPIC_PREFIX)) {
            throw new IllegalArgumentException("topic " + topic + " does not start with " + TOPIC_PREFIX
                    + "; Inkflow's topics are listed in Topics");
        }
        return topic.substring(TOPIC_PREFIX.length()).replace('.', '-');
    }
}
