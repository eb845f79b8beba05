package org.inkflow.common.events;

import java.util.List;

/** Every Kafka topic's name, in one place. Consumed topics have a {@code .dlq} twin for dead letters. */
public final class Topics {

    public static final String CRAWL_JOBS = "inkflow.crawl.jobs";
    public static final String IMAGES_RAW = "inkflow.images.raw";
    public static final String SAMPLES_CLEANED = "inkflow.samples.cleaned";
    public static final String SAMPLES_REJECTED = "inkflow.samples.rejected";
    /** Compacted: the latest version per dataset name. */
    public static final String DATASETS = "inkflow.datasets";
    public static final String TRAINING_REQUESTS = "inkflow.training.requests";
    public static final String TRAINING_PROGRESS = "inkflow.training.progress";
    public static final String MODELS_CANDIDATES = "inkflow.models.candidates";
    public static final String MODELS_EVALUATIONS = "inkflow.models.evaluations";
    /** Compacted, keyed {@code <model>/<alias>}: the current version of every alias of every model. */
    public static final String MODELS_PROMOTIONS = "inkflow.models.promotions";

    public static final String DLQ_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(CRAWL_JOBS, IMAGES_RAW, SAMPLES_CLEANED, SAMPLES_REJECTED,
            DATASETS, TRAINING_REQUESTS, TRAINING_PROGRESS, MODELS_CANDIDATES, MODELS_EVALUATIONS, MODELS_PROMOTIONS);

    /** Topics some service consumes, so each has a dead-letter topic. */
    public static final List<String> CONSUMED = List.of(CRAWL_JOBS, IMAGES_RAW, SAMPLES_CLEANED, DATASETS,
            TRAINING_REQUESTS, MODELS_CANDIDATES, MODELS_PROMOTIONS);

    public static final List<String> COMPACTED = List.of(DATASETS, MODELS_PROMOTIONS);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
