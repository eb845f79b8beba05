package org.inkflow.common.artifacts;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.events.ModelPromotion;

/**
 * {@code evaluations/<name>/promotions-status.json}: every promotion and rollback of one model, oldest first, as
 * the {@link ModelPromotion} events that made them. The evaluator replays it to know each alias's version.
 */
public record PromotionLog(Integer schemaVersion, String modelName, List<ModelPromotion> history) {

    public static final int SCHEMA_VERSION = 1;

    /** The action of a rollback event; anything else promotes. */
    public static final String ROLLBACK = "rollback";

    public PromotionLog {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, PromotionLog.class);
        ArtifactJson.require(modelName, "modelName", PromotionLog.class);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** Each alias's current version, by replaying the history (evaluator and trainer read aliases alike). */
    public Map<String, String> aliases() {
        Map<String, String> out = new LinkedHashMap<>();
        aliasStacks(history).forEach((alias, stack) -> {
            if (!stack.isEmpty()) {
                out.put(alias, stack.peek());
            }
        });
        return out;
    }

    /**
     * Per alias, the versions it pointed at, newest on top: a promotion pushes a version on the alias's stack, a
     * rollback pops one, so two rollbacks in a row go two promotions back, not back and forth.
     */
    public static Map<String, Deque<String>> aliasStacks(List<ModelPromotion> history) {
        Map<String, Deque<String>> stacks = new LinkedHashMap<>();
        for (ModelPromotion e : history) {
            Deque<String> stack = stacks.computeIfAbsent(e.alias(), a -> new ArrayDeque<>());
            if (ROLLBACK.equals(e.action())) {
                stack.poll();
                // A history written elsewhere may disagree; the event's version is the truth for the alias now.
                while (!stack.isEmpty() && !stack.peek().equals(e.version())) {
                    stack.poll();
                }
                if (stack.isEmpty()) {
                    stack.push(e.version());
                }
            } else if (!e.version().equals(stack.peek())) {
                stack.push(e.version());
            }
        }
        return stacks;
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static PromotionLog read(byte[] json) {
        return ArtifactJson.read(json, PromotionLog.class);
    }
}
