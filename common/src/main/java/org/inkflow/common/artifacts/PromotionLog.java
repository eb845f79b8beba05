package org.inkflow.common.artifacts;

import java.util.List;
import org.inkflow.common.events.ModelPromotion;

/**
 * {@code evaluations/<name>/promotions-status.json}: every promotion and rollback of one model, oldest first, as
 * the {@link ModelPromotion} events that made them. The evaluator replays it to know each alias's version.
 */
public record PromotionLog(Integer schemaVersion, String modelName, List<ModelPromotion> history) {

    public static final int SCHEMA_VERSION = 1;

    public PromotionLog {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, PromotionLog.class);
        ArtifactJson.require(modelName, "modelName", PromotionLog.class);
        history = history == null ? List.of() : List.copyOf(history);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static PromotionLog read(byte[] json) {
        return ArtifactJson.read(json, PromotionLog.class);
    }
}
