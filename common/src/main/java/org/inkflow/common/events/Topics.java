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
    /** Work: one record per search trial, keyed by the trial's run id, so trials spread over trainer replicas. */
    public static final String TRAINING_TRIALS = "inkflow.training.trials";
    /** Work: one record per dataset build, keyed by dataset name, so a name is built by one cleaner replica. */
    public static final String DATASETS_BUILDS = "inkflow.datasets.builds";
    /** Compacted, keyed by sample sha256: every accepted sample's perceptual hash, the cleaners' shared index. */
    public static final String SAMPLES_HASHES = "inkflow.samples.hashes";

    public static final String DLQ_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(CRAWL_JOBS, IMAGES_RAW, SAMPLES_CLEANED, SAMPLES_REJECTED,
            DATASETS, TRAINING_REQUESTS, TRAINING_PROGRESS, MODELS_CANDIDATES, MODELS_EVALUATIONS, MODELS_PROMOTIONS,
            TRAINING_TRIALS, DATASETS_BUILDS, SAMPLES_HASHES);

    /** Topics some service consumes, so each has a dead-letter topic. */
    public static final List<String> CONSUMED = List.of(CRAWL_JOBS, IMAGES_RAW, DATASETS,
            TRAINING_REQUESTS, MODELS_CANDIDATES, MODELS_PROMOTIONS, TRAINING_TRIALS, DATASETS_BUILDS, SAMPLES_HASHES);

    public static final List<String> COMPACTED = List.of(DATASETS, MODELS_PROMOTIONS, SAMPLES_HASHES);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
