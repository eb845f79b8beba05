package org.inkflow.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** The evaluator's settings ({@code inkflow.evaluator.*}); application.properties lists each with its default. */
@ConfigMapping(prefix = "inkflow.evaluator")
public interface EvaluatorConfig {

    /** The alias a blessed candidate is promoted to, and the one rollback and gates use when none is given. */
    @WithDefault("production")
    String alias();

    /** Promote a blessed candidate automatically (off: blessing is recorded, promotion is manual over REST). */
    @WithDefault("true")
    boolean promoteOnBless();

    /**
     * Whether ensembles may be promoted. inference-svc loads one SavedModel, so an ensemble (a list of versions in
     * {@code ensemble.json}) is scored and may be blessed but is not promoted unless this is on.
     */
    @WithDefault("false")
    boolean promoteEnsembles();

    /**
     * How long a promotion or rollback waits for the promotions topic to bring its event back, so the history is in
     * the log's order on every replica; past it the event is recorded directly (and a warning logged).
     */
    @WithDefault("10s")
    java.time.Duration promotionEchoWait();

    /** Images per prediction call. */
    @WithDefault("16")
    int batchSize();

    /** Validation samples shown in the report's grid (the first ones in manifest order). */
    @WithDefault("8")
    int gridSamples();

    /** The worst validation samples by L1 shown in the report for error analysis. */
    @WithDefault("8")
    int worstK();

    /** Tags with per-tag metrics in reports and events (the most frequent ones). */
    @WithDefault("30")
    int tagLimit();

    /** Score at most this many samples per split, in manifest order (0: all). */
    @WithDefault("0")
    int maxSamplesPerSplit();

    /**
     * How many times a candidate's evaluation may start without finishing (a process that dies mid-evaluation
     * counts) before the version is marked FAILED instead of evaluated again.
     */
    @WithDefault("3")
    int maxAttempts();

    /** Where downloaded model versions are cached (they never change, so the cache never goes stale). */
    @WithDefault("${java.io.tmpdir}/inkflow-evaluator/models")
    String modelCacheDir();

    /** TensorFlow intra-op threads per loaded model (0: TensorFlow chooses). */
    @WithDefault("0")
    int modelThreads();

    Gates gates();

    /** Gate thresholds on the validation split, by metric id (l1, mse, psnr, ssim, colorfulness, colorfulness_ratio). */
    interface Gates {

        /** Absolute lower bounds, e.g. {@code minimum.psnr=10}. */
        Map<String, Double> minimum();

        /** Absolute upper bounds, e.g. {@code maximum.l1=0.3}. */
        Map<String, Double> maximum();

        /** Each baseline must be beaten by at least this much, in the metric's unit, e.g. {@code baseline-margin.l1=0.005}. */
        Map<String, Double> baselineMargin();

        /** The candidate may be worse than production by at most this much, e.g. {@code production-tolerance.l1=0.002}. */
        Map<String, Double> productionTolerance();
    }
}
