package org.inkflow.evaluator.evaluation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.inkflow.common.artifacts.EnsembleManifest;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.storage.ContentHash;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.evaluator.registry.ModelNames;
import org.inkflow.evaluator.registry.ModelRegistry;
import org.inkflow.evaluator.registry.ModelVersion;
import org.inkflow.evaluator.registry.RegistryConflictException;
import org.inkflow.evaluator.registry.UnknownModelException;

/**
 * Turns a request for an ensemble (named versions, or the top N by validation L1) into a candidate like any
 * other: {@code models/<name>/ensemble-<hash>/ensemble.json} lists the members, and a {@code models.candidates}
 * event with {@code members} sends it through the same evaluation. The version is a hash of the sorted members,
 * so asking twice for the same ensemble evaluates it once.
 */
public class EnsembleService {

    private final ObjectStore store;
    private final ModelRegistry registry;
    private final EvaluationEvents publisher;
    private final Clock clock;

    public EnsembleService(ObjectStore store, ModelRegistry registry, EvaluationEvents publisher, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The ensemble as requested, and whether it was already known (then no new candidate is sent). */
    public record Requested(ModelCandidate candidate, Optional<ModelVersion> existing) {
    }

    public Requested request(String name, List<String> members, Integer top, String datasetName,
                             String datasetVersion) {
        ModelNames.requireName(name, "model name");
        if (registry.versions(name).isEmpty()) {
            throw new UnknownModelException("no model named '" + name + "'; known models: " + registry.models());
        }
        List<ModelVersion> chosen = (members != null && !members.isEmpty()) ? named(name, members) : top(name, top);
        if (chosen.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least 2 distinct versions; got "
                    + chosen.stream().map(ModelVersion::version).toList());
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(chosen.stream().map(ModelVersion::version).toList()));
        String version = "ensemble-" + ContentHash.sha256(String.join(",", sorted).getBytes(StandardCharsets.UTF_8))
                .substring(0, 12);
        String dsName = datasetName != null ? ModelNames.requireName(datasetName, "datasetName")
                : chosen.get(0).datasetName();
        String dsVersion = datasetVersion != null ? ModelNames.requireName(datasetVersion, "datasetVersion")
                : chosen.get(0).datasetVersion();
        String location = Keys.modelDir(name, version);
        EnsembleManifest doc = new EnsembleManifest(EnsembleManifest.SCHEMA_VERSION, name, version,
                EnsembleManifest.MEAN_RGB, chosen.stream().sorted(Comparator.comparing(ModelVersion::version))
                .map(v -> new EnsembleManifest.Member(v.version(), v.location())).toList());
        store.putOnce(Keys.modelFile(location, EnsembleManifest.FILE), doc.toJson(), "application/json");
        ModelCandidate candidate = new ModelCandidate(ModelCandidate.SCHEMA_VERSION, name, version, null, location,
                dsName, dsVersion, null, Map.of(), sorted, clock.instant());
        Optional<ModelVersion> existing = registry.version(name, version);
        if (existing.isEmpty() || !existing.get().state().decided()) {
            publisher.candidate(candidate);
        }
        return new Requested(candidate, existing);
    }

    private List<ModelVersion> named(String name, List<String> members) {
        List<ModelVersion> out = new ArrayList<>();
        for (String member : new TreeSet<>(members)) {
            ModelVersion v = registry.version(name, ModelNames.requireName(member, "member")).orElseThrow(() ->
                    new UnknownModelException("model " + name + " has no evaluated version '" + member + "'"));
            requireUsable(v);
            out.add(v);
        }
        return out;
    }

    private List<ModelVersion> top(String name, Integer top) {
        if (top == null || top < 2) {
            throw new IllegalArgumentException("give \"members\" (at least 2 versions) or \"top\" (2 or more): the"
                    + " number of best versions by validation L1 to average");
        }
        List<ModelVersion> usable = registry.versions(name).stream()
                .filter(v -> v.state().decided() && !v.ensemble() && Double.isFinite(v.validation("l1")))
                .sorted(Comparator.comparingDouble(v -> v.validation("l1")))
                .toList();
        if (usable.isEmpty()) {
            throw new RegistryConflictException("model " + name + " has no evaluated single versions to ensemble");
        }
        ModelVersion best = usable.get(0);
        // Scores are comparable only on one dataset version: the best version's.
        return usable.stream().filter(v -> v.datasetName().equals(best.datasetName())
                && v.datasetVersion().equals(best.datasetVersion())).limit(top).toList();
    }

    private static void requireUsable(ModelVersion v) {
        if (!v.state().decided()) {
            throw new RegistryConflictException("version " + v.version() + " of " + v.modelName() + " is "
                    + v.state() + "; ensemble members must be evaluated models");
        }
        if (v.ensemble()) {
            throw new RegistryConflictException("version " + v.version() + " is itself an ensemble; list its members"
                    + " instead");
        }
    }
}
