package org.inkflow.evaluator.promotion;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.tracing.TraceScope;
import org.inkflow.common.tracing.Traces;
import org.inkflow.evaluator.registry.ModelNames;
import org.inkflow.evaluator.registry.ModelRegistry;
import org.inkflow.evaluator.registry.ModelVersion;
import org.inkflow.evaluator.registry.PromotionHistory;
import org.inkflow.evaluator.registry.RegistryConflictException;
import org.inkflow.evaluator.registry.UnknownModelException;
import org.jboss.logging.Logger;

/**
 * Points aliases at model versions: writes a {@link ModelPromotion} to the compacted promotions topic (the serving
 * side's signal), then waits for the topic to bring it back to the registry's history, so the history is in log
 * order on every replica. Promotions made here are serialized, so two requests on one replica cannot interleave their
 * read of the current version and their write; the topic's order decides between replicas.
 */
public class PromotionService {

    private static final Logger LOG = Logger.getLogger(PromotionService.class);

    /** Actions recorded in events: automatic after blessing, manual over REST, and rollback. */
    public static final String ACTION_BLESSED = "blessed";
    public static final String ACTION_PROMOTE = "promote";

    private final ModelRegistry registry;
    private final PromotionSink publisher;
    private final ProductionMonitor meters;
    private final PromotionSettings config;
    private final Clock clock;
    private final Object promoting = new Object();
    private final Function<String, Map<String, String>> metadata;

    public PromotionService(ModelRegistry registry, PromotionSink publisher, ProductionMonitor meters,
                            PromotionSettings config, Clock clock) {
        this(registry, publisher, meters, config, clock, key -> Map.of());
    }

    /**
     * @param metadata reads an object's S3 user metadata ({@code ObjectStore::userMetadata}): a promotion's span links
     *                 to the trace that wrote the promoted version's model card
     */
    public PromotionService(ModelRegistry registry, PromotionSink publisher, ProductionMonitor meters,
                            PromotionSettings config, Clock clock, Function<String, Map<String, String>> metadata) {
        this.metadata = metadata;
        this.registry = registry;
        this.publisher = publisher;
        this.meters = meters;
        this.config = config;
        this.clock = clock;
    }

    public String defaultAlias() {
        return config.alias();
    }

    /**
     * Points {@code alias} (default: the configured one) at {@code version}. The version must be blessed unless
     * {@code force}; pointing an alias at the version it already has changes nothing and returns that event.
     */
    public ModelPromotion promote(String name, String version, String alias, boolean force,
                                               String action) {
        synchronized (promoting) {
            return promoteNow(name, version, alias, force, action);
        }
    }

    private ModelPromotion promoteNow(String name, String version, String alias, boolean force, String action) {
        String target = ModelNames.requireAlias(alias == null || alias.isBlank() ? config.alias() : alias);
        ModelVersion record = registry.version(name, ModelNames.requireName(version, "version"))
                .orElseThrow(() -> new UnknownModelException("model " + name + " has no evaluated version '" + version
                        + "'; known versions: " + registry.versions(name).stream().map(ModelVersion::version).toList()));
        switch (record.state()) {
            case BLESSED -> { }
            case REJECTED -> {
                if (!force) {
                    throw new RegistryConflictException("version " + version + " of " + name + " was REJECTED ("
                            + failedChecks(record.checks()) + "); send \"force\": true to promote it anyway");
                }
            }
            default -> throw new RegistryConflictException("version " + version + " of " + name + " is "
                    + record.state() + (record.error() == null ? "" : " (" + record.error() + ")")
                    + "; only evaluated versions can be promoted");
        }
        if (record.ensemble() && !config.promoteEnsembles()) {
            throw new RegistryConflictException("version " + version + " of " + name + " is an ensemble of "
                    + record.members() + "; inference-svc serves one SavedModel, so ensembles are not promoted"
                    + " (set inkflow.evaluator.promote-ensembles=true where the serving side can load them)");
        }
        PromotionHistory history = registry.history(name);
        Optional<String> current = history.current(target);
        if (current.isPresent() && current.get().equals(version)) {
            return history.lastFor(target, version).orElseThrow();
        }
        ModelPromotion event = new ModelPromotion(ModelPromotion.SCHEMA_VERSION, name, target, version,
                record.location(), finite(record.metrics().get("validation")), action, current.orElse(null),
                clock.instant());
        // A fan-in: in the trace of what asked (the evaluation that blessed it, or a REST call), linked to the
        // trace of the run that wrote the version; the promotion event carries it to inference-svc.
        try (TraceScope trace = Traces.fanIn("evaluator promote", Traces.current(),
                Traces.storedBy(metadata, List.of(Keys.modelCard(name, version))),
                Map.of("inkflow.model", name, "inkflow.model.version", version, "inkflow.alias", target,
                        "inkflow.promotion.action", String.valueOf(action)))) {
            publish(event);
        }
        LOG.infof("%s: %s -> %s (%s, was %s)", name, target, version, action, current.orElse("none"));
        return event;
    }

    /** Points {@code alias} back at the version it had before its current one. */
    public ModelPromotion rollback(String name, String alias) {
        synchronized (promoting) {
            return rollbackNow(name, alias);
        }
    }

    private ModelPromotion rollbackNow(String name, String alias) {
        String target = ModelNames.requireAlias(alias == null || alias.isBlank() ? config.alias() : alias);
        PromotionHistory history = registry.history(name);
        if (history.history().isEmpty() && registry.versions(name).isEmpty()) {
            throw new UnknownModelException("no model named '" + name + "'; known models: " + registry.models());
        }
        String current = history.current(target).orElseThrow(() -> new RegistryConflictException(
                "model " + name + " has no '" + target + "' alias to roll back"));
        String previous = history.rollbackTarget(target).orElseThrow(() -> new RegistryConflictException(
                "nothing to roll back to: '" + target + "' of " + name + " has only ever pointed at " + current));
        Optional<ModelVersion> record = registry.version(name, previous);
        ModelPromotion earlier = history.lastFor(target, previous).orElseThrow();
        ModelPromotion event = new ModelPromotion(ModelPromotion.SCHEMA_VERSION, name, target, previous,
                record.map(ModelVersion::location).orElse(earlier.location()),
                record.map(r -> finite(r.metrics().get("validation"))).orElse(earlier.metrics()),
                PromotionHistory.ROLLBACK, current, clock.instant());
        publish(event);
        LOG.infof("%s: %s rolled back %s -> %s", name, target, current, previous);
        return event;
    }

    /** A promotion read back from the topic: recorded if new. */
    public void observe(ModelPromotion event) {
        if (registry.observe(event)) {
            LOG.infof("registry learned from the promotions topic: %s %s -> %s", event.modelName(), event.alias(),
                    event.version());
        }
        updateProductionGauge(event.modelName());
    }

    private void publish(ModelPromotion event) {
        // The topic first: it is what inference-svc follows, and its order is the history's. The event is recorded
        // when the promotions consumer reads it back, after anything another replica published before it.
        publisher.promotion(event);
        boolean echoed;
        try {
            echoed = registry.awaitObserved(event, config.echoWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            echoed = false;
        }
        if (!echoed) {
            // The consumer is behind (or stopped): record it now so this answer holds; the replay keeps the first copy.
            LOG.warnf("promotion %s %s -> %s not read back from the topic within %s; recorded directly",
                    event.modelName(), event.alias(), event.version(), config.echoWait());
            registry.observe(event);
        }
        updateProductionGauge(event.modelName());
    }

    private void updateProductionGauge(String name) {
        registry.history(name).current(config.alias()).ifPresent(v -> meters.production(name, v));
    }

    private static String failedChecks(List<GateCheck> checks) {
        List<String> failed = checks.stream().filter(c -> !c.passed()).map(c -> c.name() + " " + c.metric()).toList();
        return failed.isEmpty() ? "no checks recorded" : "failed: " + String.join(", ", failed);
    }

    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((k, v) -> {
                if (v != null && Double.isFinite(v)) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }
}
