package org.inkflow.common.events;

import java.time.Instant;
import java.util.Map;

/**
 * Which version of a model an alias points at ({@link Topics#MODELS_PROMOTIONS}, compacted, key
 * {@code <modelName>/<alias>}): the serving side loads {@code location} when this changes. Keying by alias keeps
 * the latest fact of every alias through compaction (docs/decisions/0016); consumers read model and alias from the
 * value, so records of older producers keyed by the model name alone are still understood.
 */
public record ModelPromotion(
        Integer schemaVersion,
        String modelName,
        String alias,
        String version,
        String location,
        Map<String, Double> metrics,
        String action,
        String previousVersion,
        Instant promotedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public ModelPromotion {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, ModelPromotion.class);
        Event.require(modelName, "modelName", ModelPromotion.class);
        Event.require(alias, "alias", ModelPromotion.class);
        Event.require(version, "version", ModelPromotion.class);
        Event.require(location, "location", ModelPromotion.class);
        EventFields.name(modelName, "modelName", ModelPromotion.class);
        EventFields.alias(alias, "alias", ModelPromotion.class);
        EventFields.name(version, "version", ModelPromotion.class);
        EventFields.modelLocation(location, modelName, version, ModelPromotion.class);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    @Override
    public String key() {
        return key(modelName, alias);
    }

    /** The record key of {@code alias} of {@code modelName}: {@code <modelName>/<alias>}. */
    public static String key(String modelName, String alias) {
        return modelName + "/" + alias;
    }
}
