package org.inkflow.evaluator.evaluation;

import org.inkflow.evaluator.model.HintedColorizer;
import org.inkflow.evaluator.model.SavedModelColorizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inkflow.common.artifacts.BaselineScores;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.common.artifacts.SplitScores;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.common.events.ModelEvaluation;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.tracing.TraceScope;
import org.inkflow.common.tracing.Traces;
import org.inkflow.evaluator.baseline.BaselineStore;
import org.inkflow.evaluator.dataset.DatasetCatalog;
import org.inkflow.evaluator.gates.Gate.ProductionScores;
import org.inkflow.evaluator.gates.Gate;
import org.inkflow.evaluator.model.ModelLoader;
import org.inkflow.evaluator.promotion.PromotionService;
import org.inkflow.evaluator.quality.ScoreSummary;
import org.inkflow.evaluator.quality.Ssim;
import org.inkflow.evaluator.registry.ModelNames;
import org.inkflow.evaluator.registry.ModelRegistry;
import org.inkflow.evaluator.registry.ModelVersion;
import org.inkflow.evaluator.registry.VersionState;
import org.inkflow.evaluator.report.ReportContent;
import org.inkflow.evaluator.report.ReportWriter;
import org.inkflow.evaluator.report.RunNetworkPictures;
import org.inkflow.evaluator.report.TrainingCurves;
import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.evaluator.scoring.EnsembleColorizer;
import org.inkflow.evaluator.scoring.ExampleOptions;
import org.inkflow.evaluator.scoring.SplitResult;
import org.inkflow.evaluator.scoring.SplitScorer;
import org.inkflow.evaluator.scoring.StoredScores;
import org.inkflow.evaluator.storage.WriteOnceObjects;
import org.jboss.logging.Logger;

/**
 * Evaluates one candidate the way TFX's Evaluator blesses a model: scores it on the validation split next to the
 * baselines and the production model, runs the gates on those numbers only, scores the test split once for the
 * record, writes the report, emits {@code models.evaluations}, and promotes a blessed candidate. The version's
 * final status document is written last: it is the commit point that makes a redelivered candidate a no-op.
 */
public class CandidateEvaluator {

    private static final Logger LOG = Logger.getLogger(CandidateEvaluator.class);

    private final ObjectStore store;
    private final ModelRegistry registry;
    private final DatasetCatalog datasets;
    private final BaselineStore baselines;
    private final SplitScorer scorer;
    private final ModelLoader models;
    private final Gate gate;
    private final EvaluationEvents publisher;
    private final PromotionService promotions;
    private final EvaluationMonitor meters;
    private final EvaluationSettings config;
    private final Clock clock;

    public CandidateEvaluator(ObjectStore store, ModelRegistry registry, DatasetCatalog datasets,
                              BaselineStore baselines, SplitScorer scorer, ModelLoader models, Gate gate,
                              EvaluationEvents publisher, PromotionService promotions, EvaluationMonitor meters,
                              EvaluationSettings config, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.datasets = datasets;
        this.baselines = baselines;
        this.scorer = scorer;
        this.models = models;
        this.gate = gate;
        this.publisher = publisher;
        this.promotions = promotions;
        this.meters = meters;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Evaluates the candidate unless it was decided before (then nothing happens and nothing is emitted). Throws
     * when it cannot be evaluated, after recording it as FAILED and emitting an unblessed evaluation that says why.
     */
    public synchronized Optional<ModelEvaluation> evaluate(ModelCandidate candidate) {
        ModelNames.requireName(candidate.modelName(), "modelName");
        ModelNames.requireName(candidate.version(), "version");
        ModelNames.requireName(candidate.datasetName(), "datasetName");
        ModelNames.requireName(candidate.datasetVersion(), "datasetVersion");
        candidate.members().forEach(m -> ModelNames.requireName(m, "ensemble member"));
        Optional<ModelVersion> known = registry.version(candidate.modelName(), candidate.version());
        if (known.isPresent() && known.get().state().decided()) {
            LOG.infof("candidate %s/%s was already %s; not evaluating it again", candidate.modelName(),
                    candidate.version(), known.get().state());
            return Optional.empty();
        }
        Instant received = known.map(ModelVersion::receivedAt).orElse(clock.instant());
        int attempts = known.map(ModelVersion::attempts).orElse(0);
        ModelVersion evaluating = new ModelVersion(candidate.modelName(), candidate.version(), VersionState.EVALUATING,
                candidate.location(), candidate.runId(), candidate.datasetName(), candidate.datasetVersion(),
                candidate.members(), Map.of(), List.of(), null, null, attempts + 1, received, null);
        Optional<String> exhausted = config.attempts().exhausted(attempts, known.map(ModelVersion::error).orElse(null));
        if (exhausted.isPresent()) {
            // A candidate that killed the process on each of its starts would otherwise crash-loop the evaluator.
            ModelVersion capped = evaluating.withAttempts(attempts);
            fail(candidate, capped, new IllegalStateException(exhausted.get()));
            throw new EvaluationFailedException("candidate " + candidate.modelName() + "/" + candidate.version()
                    + " is not evaluated again: " + exhausted.get(), null);
        }
        // Counted and saved before any scoring, so an evaluation that kills the process still counts.
        registry.save(evaluating);
        long started = System.nanoTime();
        // A fan-in: in the candidate event's trace, linked to the traces that wrote its model card(s) and dataset.
        List<String> sources = new ArrayList<>();
        sources.add(Keys.modelCard(candidate.modelName(), candidate.version()));
        candidate.members().forEach(member -> sources.add(Keys.modelCard(candidate.modelName(), member)));
        sources.add(Keys.datasetManifest(candidate.datasetName(), candidate.datasetVersion()));
        try (TraceScope trace = Traces.fanIn("evaluator evaluate candidate", Traces.current(),
                Traces.storedBy(key -> store.userMetadata(key), sources),
                Map.of("inkflow.model", candidate.modelName(), "inkflow.model.version", candidate.version()))) {
            ModelEvaluation evaluation = score(candidate, evaluating);
            meters.evaluated(Duration.ofNanos(System.nanoTime() - started));
            trace.span().setAttribute("inkflow.blessed", evaluation.blessed());
            return Optional.of(evaluation);
        } catch (RuntimeException e) {
            meters.evaluated(Duration.ofNanos(System.nanoTime() - started));
            fail(candidate, evaluating, e);
            throw new EvaluationFailedException("candidate " + candidate.modelName() + "/" + candidate.version()
                    + " could not be evaluated: " + e.getMessage(), e);
        }
    }

    private ModelEvaluation score(ModelCandidate c, ModelVersion evaluating) {
        DatasetManifest manifest = datasets.manifest(c.datasetName(), c.datasetVersion());
        List<DatasetManifest.Sample> validation = limit(manifest.split(DatasetManifest.VALIDATION));
        List<DatasetManifest.Sample> test = limit(manifest.split(DatasetManifest.TEST));
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("dataset " + manifest.name() + "/" + manifest.version()
                    + " has no validation samples; models are chosen on the validation split, so rebuild the"
                    + " dataset with one");
        }
        BaselineScores base = baselines.scores(manifest);
        Map<String, ScoreSummary> baselineValidation = new LinkedHashMap<>();
        base.split(DatasetManifest.VALIDATION).forEach((id, s) -> baselineValidation.put(id, StoredScores.summary(s)));
        ProductionScores production = productionScores(c, manifest, validation);

        Map<String, SplitResult> results = new LinkedHashMap<>();
        List<GateCheck> checks;
        try (Colorizer model = open(c)) {
            results.put(DatasetManifest.VALIDATION, scorer.score(DatasetManifest.VALIDATION, validation, model,
                    new ExampleOptions(config.gridSamples(), config.worstK(), config.tagLimit())));
            // The decision is taken here, before the test split is touched (and on the scores without hints).
            checks = gate.check(results.get(DatasetManifest.VALIDATION).summary(), baselineValidation, production);
            if (!test.isEmpty()) {
                results.put(DatasetManifest.TEST, scorer.score(DatasetManifest.TEST, test, model,
                        ExampleOptions.numbersOnly(config.tagLimit())));
            }
            // A hint model is scored once more with hints sampled from the targets, for the record.
            if (model instanceof SavedModelColorizer saved && saved.model().takesHints()) {
                Colorizer hinted = new HintedColorizer(saved);
                results.put(DatasetManifest.VALIDATION + HintedColorizer.SUFFIX, scorer.score(
                        DatasetManifest.VALIDATION, validation, hinted, ExampleOptions.numbersOnly(config.tagLimit())));
                if (!test.isEmpty()) {
                    results.put(DatasetManifest.TEST + HintedColorizer.SUFFIX, scorer.score(DatasetManifest.TEST,
                            test, hinted, ExampleOptions.numbersOnly(config.tagLimit())));
                }
            }
        }
        boolean blessed = Gate.blessed(checks);
        Instant evaluatedAt = clock.instant();

        Map<String, Map<String, Double>> metrics = metrics(results, base, production);
        String reportKey = writeReport(c, manifest, results, base, production, checks, blessed, evaluatedAt);
        ModelEvaluation evaluation = new ModelEvaluation(ModelEvaluation.SCHEMA_VERSION, c.modelName(), c.version(),
                blessed, metrics, checks, reportKey, evaluatedAt);
        publisher.evaluation(evaluation);

        results.forEach((split, r) -> meters.scores(c.modelName(), c.version(), split, r.summary()));
        base.splits().forEach((split, byId) -> byId.forEach((id, s) -> meters.baselineScores(id, split, StoredScores.summary(s))));
        ModelVersion decided = new ModelVersion(c.modelName(), c.version(),
                blessed ? VersionState.BLESSED : VersionState.REJECTED, c.location(), c.runId(), c.datasetName(),
                c.datasetVersion(), c.members(), metrics, checks, reportKey, null, evaluating.attempts(), evaluating.receivedAt(),
                evaluatedAt);
        if (blessed && config.promoteOnBless() && (decided.ensemble() ? config.promoteEnsembles() : true)) {
            // The registry must know the version as blessed for the promotion's checks; the status written
            // here is written again, identically, below.
            registry.save(decided);
            ModelPromotion promotion = promotions.promote(c.modelName(), c.version(), null, false,
                    PromotionService.ACTION_BLESSED);
            LOG.infof("%s/%s blessed and promoted to %s", c.modelName(), c.version(), promotion.alias());
        } else {
            LOG.infof("%s/%s %s: %s", c.modelName(), c.version(), blessed ? "blessed (not promoted)" : "rejected",
                    failedChecks(checks));
        }
        registry.save(decided);
        meters.decision(c.modelName(), blessed ? "blessed" : "rejected");
        return evaluation;
    }

    private List<DatasetManifest.Sample> limit(List<DatasetManifest.Sample> samples) {
        int max = config.maxSamplesPerSplit();
        return max > 0 && samples.size() > max ? samples.subList(0, max) : samples;
    }

    private Colorizer open(ModelCandidate c) {
        if (c.members().isEmpty()) {
            return models.load(c.modelName(), c.version(), c.location());
        }
        List<Colorizer> members = new ArrayList<>();
        try {
            for (String member : c.members()) {
                members.add(models.load(c.modelName(), member, memberLocation(c.modelName(), member)));
            }
        } catch (RuntimeException e) {
            members.forEach(Colorizer::close);
            throw e;
        }
        return new EnsembleColorizer(c.modelName() + "/" + c.version(), members);
    }

    private String memberLocation(String name, String member) {
        return registry.version(name, member).map(ModelVersion::location)
                .orElse(Keys.modelDir(name, member));
    }

    /**
     * Production's validation scores on the candidate's dataset: from its own evaluation when that used the same
     * samples, else from the S3 cache, else scored now and cached. Null when there is no production model yet.
     */
    private ProductionScores productionScores(ModelCandidate c, DatasetManifest manifest,
                                              List<DatasetManifest.Sample> validation) {
        Optional<String> current = registry.history(c.modelName()).current(promotions.defaultAlias());
        if (current.isEmpty() || current.get().equals(c.version())) {
            return null;
        }
        String version = current.get();
        try {
            Optional<ModelVersion> record = registry.version(c.modelName(), version);
            if (record.isPresent() && manifest.name().equals(record.get().datasetName())
                    && manifest.version().equals(record.get().datasetVersion())) {
                ScoreSummary own = ScoreSummary.fromMap(record.get().metrics().getOrDefault(DatasetManifest.VALIDATION,
                        Map.of()));
                if (own.count() == validation.size()) {
                    return ProductionScores.scored(version, own);
                }
            }
            String cacheKey = Keys.evaluationScores(c.modelName(), version, manifest.name(), manifest.version(),
                    validation.size());
            if (store.exists(cacheKey)) {
                SplitScores cached = SplitScores.read(store.get(cacheKey));
                return ProductionScores.scored(version, StoredScores.summary(cached));
            }
            String location = record.map(ModelVersion::location).orElseGet(() -> registry.history(c.modelName())
                    .lastFor(promotions.defaultAlias(), version).map(ModelPromotion::location).orElseThrow());
            ModelCandidate asCandidate = new ModelCandidate(ModelCandidate.SCHEMA_VERSION, c.modelName(), version,
                    null, location, manifest.name(), manifest.version(), null, null,
                    record.map(ModelVersion::members).orElse(List.of()), null);
            SplitResult result;
            try (Colorizer model = open(asCandidate)) {
                result = scorer.score(DatasetManifest.VALIDATION, validation, model,
                        ExampleOptions.numbersOnly(config.tagLimit()));
            }
            SplitScores scores = StoredScores.of(result);
            WriteOnceObjects.putOrKeep(store, cacheKey, scores.toJson(), "application/json");
            return ProductionScores.scored(version, result.summary());
        } catch (Exception e) {
            LOG.warnf(e, "production %s/%s could not be scored on %s/%s", c.modelName(), version, manifest.name(),
                    manifest.version());
            return ProductionScores.unavailable(version, e.getMessage());
        }
    }

    private static Map<String, Map<String, Double>> metrics(Map<String, SplitResult> results, BaselineScores base,
                                                            ProductionScores production) {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        results.forEach((split, r) -> metrics.put(split, r.summary().toMap()));
        base.splits().forEach((split, byId) -> byId.forEach((id, s) -> metrics.put("baseline:" + id + "/" + split,
                s.summary())));
        if (production != null && production.summary() != null) {
            metrics.put("production:" + production.version() + "/" + DatasetManifest.VALIDATION,
                    production.summary().toMap());
        }
        results.forEach((split, r) -> {
            if (!split.endsWith(HintedColorizer.SUFFIX)) {
                r.byTag().forEach((tag, s) -> metrics.put(split + "/tag:" + tag, s.toMap()));
            }
        });
        return metrics;
    }

    private String writeReport(ModelCandidate c, DatasetManifest manifest, Map<String, SplitResult> results,
                               BaselineScores base, ProductionScores production, List<GateCheck> checks,
                               boolean blessed, Instant evaluatedAt) {
        TrainingCurves curves = null;
        String curvesNote;
        if (c.runId() == null || c.runId().isBlank()) {
            curvesNote = c.members().isEmpty() ? "the candidate names no training run"
                    : "an ensemble has no training run of its own; see its members' reports";
        } else if (!store.exists(TrainingCurves.key(c.runId()))) {
            curvesNote = "the run left no " + TrainingCurves.key(c.runId());
        } else {
            curves = TrainingCurves.parse(store.get(TrainingCurves.key(c.runId())));
            curvesNote = curves.isEmpty() ? TrainingCurves.key(c.runId()) + " has no numeric series" : null;
        }
        ReportContent content = new ReportContent(c.modelName(), c.version(), c.runId(), c.location(),
                manifest.name(), manifest.version(), c.members(), blessed, evaluatedAt, Ssim.STANDARD.describe(),
                credits(c), results, base.splits(), production, checks, curves, curvesNote,
                c.runId() == null || c.runId().isBlank() ? null
                        : RunNetworkPictures.latest(store, c.runId()).orElse(null));
        String prefix = Keys.evaluationDir(c.modelName(), c.version());
        Map<String, byte[]> files = ReportWriter.render(content);
        // The page last, so a reader who finds it finds its images too.
        files.forEach((name, bytes) -> {
            if (!name.equals(ReportWriter.REPORT)) {
                WriteOnceObjects.putOrKeep(store, prefix + name, bytes, WriteOnceObjects.contentType(name));
            }
        });
        WriteOnceObjects.putOrKeep(store, prefix + ReportWriter.REPORT, files.get(ReportWriter.REPORT),
                WriteOnceObjects.contentType(ReportWriter.REPORT));
        return prefix + ReportWriter.REPORT;
    }

    /** Credits from the model card(s), e.g. OpenMoji's CC BY-SA 4.0 notice. */
    private List<String> credits(ModelCandidate c) {
        Set<String> out = new LinkedHashSet<>();
        List<String> locations = new ArrayList<>();
        if (c.members().isEmpty()) {
            locations.add(c.location());
        } else {
            c.members().forEach(m -> locations.add(memberLocation(c.modelName(), m)));
        }
        for (String location : locations) {
            String key = Keys.modelFile(location, Keys.MODEL_CARD);
            try {
                if (store.exists(key)) {
                    String credits = ModelCard.read(store.get(key)).credits();
                    if (credits != null && !credits.isBlank()) {
                        out.add(credits);
                    }
                }
            } catch (Exception e) {
                LOG.debugf("no credits from %s: %s", key, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private void fail(ModelCandidate c, ModelVersion evaluating, RuntimeException error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        LOG.errorf(error, "candidate %s/%s could not be evaluated", c.modelName(), c.version());
        meters.decision(c.modelName(), "failed");
        try {
            registry.save(evaluating.withState(VersionState.FAILED, message));
            publisher.evaluation(new ModelEvaluation(ModelEvaluation.SCHEMA_VERSION, c.modelName(), c.version(), false,
                    Map.of(), List.of(new GateCheck("evaluable", "*", Double.NaN, Double.NaN, false, message)), null,
                    clock.instant()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not record the failure of %s/%s", c.modelName(), c.version());
        }
    }

    private static String failedChecks(List<GateCheck> checks) {
        List<String> failed = checks.stream().filter(k -> !k.passed()).map(GateCheck::detail).toList();
        return failed.isEmpty() ? "every check passed" : String.join("; ", failed);
    }
}
