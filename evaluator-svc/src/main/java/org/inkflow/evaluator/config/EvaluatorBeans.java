package org.inkflow.evaluator.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.evaluator.baseline.BaselineStore;
import org.inkflow.evaluator.dataset.DatasetCatalog;
import org.inkflow.evaluator.dataset.SampleSource;
import org.inkflow.evaluator.dataset.StoredSamples;
import org.inkflow.evaluator.evaluation.CandidateEvaluator;
import org.inkflow.evaluator.evaluation.EnsembleService;
import org.inkflow.evaluator.evaluation.EvaluationEvents;
import org.inkflow.evaluator.evaluation.EvaluationMonitor;
import org.inkflow.evaluator.evaluation.EvaluationSettings;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.evaluator.gates.Gate;
import org.inkflow.evaluator.gates.GatePolicy;
import org.inkflow.evaluator.model.ModelLoader;
import org.inkflow.evaluator.model.StoredModelLoader;
import org.inkflow.evaluator.promotion.ProductionMonitor;
import org.inkflow.evaluator.promotion.PromotionService;
import org.inkflow.evaluator.promotion.PromotionSettings;
import org.inkflow.evaluator.promotion.PromotionSink;
import org.inkflow.evaluator.quality.Ssim;
import org.inkflow.evaluator.registry.ModelRegistry;
import org.inkflow.evaluator.scoring.SplitScorer;

/**
 * Wires the evaluator's plain-Java domain from configuration: every domain service is built here, so no domain
 * package needs CDI or the config mapping.
 */
@ApplicationScoped
public class EvaluatorBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ModelRegistry registry(ObjectStore store) {
        return new ModelRegistry(store);
    }

    @Produces
    @Singleton
    DatasetCatalog datasets(ObjectStore store) {
        return new DatasetCatalog(store);
    }

    @Produces
    @Singleton
    SampleSource samples(ObjectStore store) {
        return new StoredSamples(store);
    }

    @Produces
    @Singleton
    SplitScorer scorer(SampleSource samples, EvaluatorConfig config) {
        return new SplitScorer(samples, Ssim.STANDARD, config.batchSize());
    }

    @Produces
    @Singleton
    BaselineStore baselines(ObjectStore store, SampleSource samples, SplitScorer scorer, EvaluatorConfig config,
                            Clock clock) {
        return new BaselineStore(store, samples, scorer, config.tagLimit(), Ssim.STANDARD.describe(), clock);
    }

    @Produces
    @Singleton
    Gate gate(EvaluatorConfig config) {
        EvaluatorConfig.Gates g = config.gates();
        return new Gate(GatePolicy.fromIds(g.minimum(), g.maximum(), g.baselineMargin(), g.productionTolerance()));
    }

    @Produces
    @Singleton
    ModelLoader modelLoader(ObjectStore store, EvaluatorConfig config) {
        return new StoredModelLoader(store, Path.of(config.modelCacheDir()), config.modelThreads());
    }

    @Produces
    @Singleton
    PromotionService promotions(ModelRegistry registry, PromotionSink sink, ProductionMonitor meters,
                                EvaluatorConfig config, Clock clock, ObjectStore store) {
        return new PromotionService(registry, sink, meters,
                new PromotionSettings(config.alias(), config.promoteEnsembles(), config.promotionEchoWait()), clock,
                store::userMetadata);
    }

    @Produces
    @Singleton
    CandidateEvaluator evaluator(ObjectStore store, ModelRegistry registry, DatasetCatalog datasets,
                                 BaselineStore baselines, SplitScorer scorer, ModelLoader models, Gate gate,
                                 EvaluationEvents events, PromotionService promotions, EvaluationMonitor meters,
                                 EvaluatorConfig config, Clock clock) {
        EvaluationSettings settings = new EvaluationSettings(config.promoteOnBless(), config.promoteEnsembles(),
                config.gridSamples(), config.worstK(), config.tagLimit(), config.maxSamplesPerSplit(),
                new AttemptCap(config.maxAttempts()));
        return new CandidateEvaluator(store, registry, datasets, baselines, scorer, models, gate, events, promotions,
                meters, settings, clock);
    }

    @Produces
    @Singleton
    EnsembleService ensembles(ObjectStore store, ModelRegistry registry, EvaluationEvents events, Clock clock) {
        return new EnsembleService(store, registry, events, clock);
    }
}
