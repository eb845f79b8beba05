package org.inkflow.common.keys;

import java.util.Locale;
import java.util.Optional;

/**
 * The S3 key layout, the only place a key is spelled (docs/CONTRACTS.md "Storage"). Directory methods end in
 * {@code /}; every other method names one object. Names and versions are used as given: callers validate them.
 */
public final class Keys {

    public static final String RAW = "raw/";
    public static final String SAMPLES = "samples/";
    public static final String DATASETS = "datasets/";
    public static final String RUNS = "runs/";
    public static final String MODELS = "models/";
    public static final String EVALUATIONS = "evaluations/";
    public static final String CRAWL_JOBS = "crawl-jobs/";

    /** The one file name of every rewritable document ({@code ObjectStore.putStatus} accepts only these). */
    public static final String STATUS = "status.json";
    public static final String SAMPLE_META = "meta.json";
    public static final String SAMPLE_REJECTED = "rejected.json";
    /** A model version directory's files, also the names inside a downloaded model directory. */
    public static final String SAVED_MODEL = "saved_model";
    public static final String MODEL_CARD = "model-card.json";
    /** Beside an ensemble's model card: the members it averages. */
    public static final String ENSEMBLE_MANIFEST = "ensemble.json";
    /** The evaluation report page in an evaluation's directory. */
    public static final String EVALUATION_REPORT = "report.html";
    public static final String PROMOTION_HISTORY = "promotions-status.json";
    /** Model names may not start with '_', so this prefix cannot collide with a model's evaluations. */
    public static final String BASELINES = EVALUATIONS + "_baselines/";

    private static final String RAW_INDEX = RAW + "index/";

    private Keys() {
    }

    // ---- raw/ (crawler writes, cleaner reads through the RawImageStored event)

    /** {@code raw/<source>/<folder>/}: where a crawled image is stored content-addressed. */
    public static String rawFolder(String source, String folder) {
        return RAW + source + "/" + folder + "/";
    }

    /** {@code raw/<source>/<folder>/line-art/}: the paired outlines of the images in the folder. */
    public static String rawLineArtFolder(String source, String folder) {
        return rawFolder(source, folder) + "line-art/";
    }

    /** {@code raw/<source>/<folder>/<sha256>.json}: the metadata beside the image. */
    public static String rawMetadata(String source, String folder, String sha256) {
        return rawFolder(source, folder) + sha256 + ".json";
    }

    /** {@code raw/index/sha256/<sha256>.json}: "stored and announced", written after the event. */
    public static String rawIndexSha256(String sha256) {
        return RAW_INDEX + "sha256/" + sha256.toLowerCase(Locale.ROOT) + ".json";
    }

    /** {@code raw/index/md5/<md5>.json}: lets a post whose md5 is known be skipped without downloading it. */
    public static String rawIndexMd5(String md5) {
        return RAW_INDEX + "md5/" + md5.toLowerCase(Locale.ROOT) + ".json";
    }

    // ---- samples/<sha256>/ (cleaner)

    public static String sampleDir(String sha256) {
        return SAMPLES + sha256 + "/";
    }

    public static String sampleInput(String sha256) {
        return sampleDir(sha256) + "input.png";
    }

    public static String sampleTarget(String sha256) {
        return sampleDir(sha256) + "target.png";
    }

    public static String sampleMeta(String sha256) {
        return sampleDir(sha256) + SAMPLE_META;
    }

    /** A rejected raw image's record, so a redelivery changes nothing. */
    public static String sampleRejected(String sha256) {
        return sampleDir(sha256) + SAMPLE_REJECTED;
    }

    /** The target rendered at another size: {@code samples/<sha256>/<size>-<normalize>/target.png}. */
    public static String sampleVariantTarget(String sha256, int size, String normalize) {
        return sampleDir(sha256) + size + "-" + normalize + "/target.png";
    }

    /** The line art rendered at another size: {@code samples/<sha256>/<size>-<normalize>/input-<lineArt>.png}. */
    public static String sampleVariantInput(String sha256, int size, String normalize, String lineArt) {
        return sampleDir(sha256) + size + "-" + normalize + "/input-" + lineArt + ".png";
    }

    /** The sha256 of a {@code samples/<sha256>/<file>} key, when the key is one. */
    public static Optional<String> sampleShaOf(String key, String file) {
        if (!key.startsWith(SAMPLES) || !key.endsWith("/" + file)) {
            return Optional.empty();
        }
        String sha = key.substring(SAMPLES.length(), key.length() - file.length() - 1);
        return sha.isEmpty() || sha.contains("/") ? Optional.empty() : Optional.of(sha);
    }

    // ---- datasets/<name>/<version>/ (cleaner writes; trainer, evaluator and the demo read)

    /** {@code datasets/<name>/}: every version of a dataset. */
    public static String datasetVersions(String name) {
        return DATASETS + name + "/";
    }

    public static String datasetDir(String name, String version) {
        return datasetVersions(name) + version + "/";
    }

    public static String datasetManifest(String name, String version) {
        return datasetDir(name, version) + "manifest.json";
    }

    public static String datasetStats(String name, String version) {
        return datasetDir(name, version) + "stats.json";
    }

    public static String datasetPreview(String name, String version) {
        return datasetDir(name, version) + "preview.png";
    }

    /** The one object of a snapshot that changes (BUILDING, then PUBLISHED or FAILED). */
    public static String datasetStatus(String name, String version) {
        return datasetDir(name, version) + STATUS;
    }

    // ---- runs/<runId>/ (trainer writes; the evaluator reads metrics.jsonl)

    public static String runDir(String runId) {
        return RUNS + runId + "/";
    }

    public static String runStatus(String runId) {
        return runDir(runId) + STATUS;
    }

    /** Whether {@code key} is a {@code runs/<runId>/status.json} (not a status deeper in a run). */
    public static boolean isRunStatus(String key) {
        return key.startsWith(RUNS) && key.endsWith("/" + STATUS) && key.split("/").length == 3;
    }

    public static String runCheckpoints(String runId) {
        return runDir(runId) + "checkpoints/";
    }

    /** A checkpoint's directory. */
    public static String runCheckpoint(String runId, long step) {
        return runCheckpoints(runId) + "step-" + step + "/";
    }

    /** The checkpoint directory of an attempt that found the step's directory taken by an earlier attempt. */
    public static String runCheckpoint(String runId, long step, int attempt) {
        return runCheckpoints(runId) + "step-" + step + "-a" + attempt + "/";
    }

    public static String runMetricsSegments(String runId) {
        return runDir(runId) + "metrics/";
    }

    public static String runMetricsSegment(String runId, int attempt, long toStep) {
        return runMetricsSegments(runId) + String.format("%03d-%09d.jsonl", attempt, toStep);
    }

    /** The run's whole metrics file, written once when the run ends. */
    public static String runMetrics(String runId) {
        return runDir(runId) + "metrics.jsonl";
    }

    /** The learning-rate range test's points, suggestion and divergence point (a run of mode lr-range, or "auto"). */
    public static String runLearningRateRange(String runId) {
        return runDir(runId) + "lr-range.json";
    }

    /** The range test's plot: loss against learning rate on a log axis, the suggestion marked. */
    public static String runLearningRateRangePlot(String runId) {
        return runDir(runId) + "lr-range.png";
    }

    public static String runSample(String runId, long step) {
        return runDir(runId) + "samples/step-" + step + ".png";
    }

    /** The pictures of the network stored at each validation: {@code runs/<id>/network/step-<n>/<file>.png}. */
    public static String runNetworkPictures(String runId) {
        return runDir(runId) + "network/";
    }

    public static String runNetworkPicture(String runId, long step, String file) {
        return runNetworkPictures(runId) + "step-" + step + "/" + file;
    }

    // ---- models/<name>/<version>/ (trainer and evaluator write; evaluator and inference read)

    /** A model version's location: {@code saved_model/} and {@code model-card.json} lie under it. */
    public static String modelDir(String name, String version) {
        return MODELS + name + "/" + version + "/";
    }

    public static String modelCard(String name, String version) {
        return modelFile(modelDir(name, version), MODEL_CARD);
    }

    /** A file in a model location as an event gives it ({@code location} with or without the last slash). */
    public static String modelFile(String location, String file) {
        return (location.endsWith("/") ? location : location + "/") + file;
    }

    // ---- evaluations/ (evaluator)

    public static String evaluationDir(String modelName, String version) {
        return EVALUATIONS + modelName + "/" + version + "/";
    }

    public static String evaluationStatus(String modelName, String version) {
        return evaluationDir(modelName, version) + STATUS;
    }

    public static String promotionHistory(String modelName) {
        return EVALUATIONS + modelName + "/" + PROMOTION_HISTORY;
    }

    /** Cached scores of {@code version} of a model on a dataset's validation split of {@code samples} samples. */
    public static String evaluationScores(String modelName, String version, String dataset, String datasetVersion,
                                          int samples) {
        return evaluationDir(modelName, version) + "scores/" + dataset + "/" + datasetVersion + "/validation-"
                + samples + ".json";
    }

    /** {@code evaluations/_baselines/<dataset>/<version>/<file>}: a dataset version's cached baselines. */
    public static String baseline(String dataset, String version, String file) {
        return BASELINES + dataset + "/" + version + "/" + file;
    }

    // ---- crawl-jobs/<id>/ (crawler)

    public static String crawlJobStatus(String jobId) {
        return CRAWL_JOBS + jobId + "/" + STATUS;
    }
}
