package org.inkflow.trainer.runs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.common.artifacts.PromotionLog;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.InvalidHyperparameterException;

/**
 * The model a transfer-learning run starts from ({@code initFrom}: {@code <model>@<alias or version>}). An alias is
 * read from the evaluator's promotion history in S3 and pinned to its version when the run is submitted, so a resumed
 * run loads the same weights even after the alias moved. Only a complete version (one with its card) of the same
 * architecture is accepted.
 */
public final class InitialModels {

    /** The architecture's fields that must match for the weights to load (the rest, e.g. dropout, may change). */
    private static final List<String> SHAPE = List.of("architecture", "width", "depth", "downsampling", "upsampling",
            "batchNorm", "hints");
    /** What a card without the field means (cards written before the field existed, or with the option off). */
    private static final Map<String, Object> ABSENT = Map.of("batchNorm", false, "hints", false);

    /** A resolved start: the model version, its location and card. */
    public record Resolved(String name, String version, String location, ModelCard card) {

        /** {@code <model>@<version>}: what the run's hyperparameters keep. */
        public String pinned() {
            return name + "@" + version;
        }
    }

    private final ObjectStore store;

    public InitialModels(ObjectStore store) {
        this.store = store;
    }

    /** Resolves {@code h.initFrom()} and checks the architecture; a 400-class exception names what is wrong. */
    public Resolved resolve(Hyperparameters h) {
        String[] parts = h.initFromParts();
        String name = parts[0];
        String ref = parts[1];
        String version = ref;
        if (store.exists(Keys.promotionHistory(name))) {
            version = PromotionLog.read(store.get(Keys.promotionHistory(name))).aliases().getOrDefault(ref, ref);
        }
        if (!store.exists(Keys.modelCard(name, version))) {
            throw new InvalidHyperparameterException("hyperparameter 'initFrom' " + h.initFrom() + ": model " + name
                    + " has no alias or complete version '" + ref + "'");
        }
        ModelCard card = ModelCard.read(store.get(Keys.modelCard(name, version)));
        Map<String, Object> wanted = h.modelConfig().describe();
        for (String field : SHAPE) {
            Object have = card.architecture() == null ? null : card.architecture().get(field);
            have = have == null ? ABSENT.get(field) : have;
            Object want = wanted.getOrDefault(field, ABSENT.get(field));
            if (!Objects.equals(String.valueOf(have), String.valueOf(want))) {
                throw new InvalidHyperparameterException("hyperparameter 'initFrom' " + h.initFrom() + ": its " + field
                        + " is " + have + " but this run's is " + want + "; set the same architecture");
            }
        }
        return new Resolved(name, version, Keys.modelDir(name, version), card);
    }

    /** Downloads the version's weights into {@code dir}; answers the checkpoint prefix to load them from. */
    public Path download(Resolved model, Path dir) {
        store.getDirectory(Keys.modelFile(model.location(), Keys.SAVED_MODEL + "/variables"), dir);
        return dir.resolve("variables");
    }
}
