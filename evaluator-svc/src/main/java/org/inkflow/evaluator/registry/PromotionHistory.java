package org.inkflow.evaluator.registry;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.PromotionLog;
import org.inkflow.common.events.ModelPromotion;

/**
 * Every promotion and rollback of one model in the order the promotions topic holds them (log offset, oldest
 * first), stored as {@code evaluations/<name>/promotions-status.json}. The order is the order events arrive, never
 * their {@code promotedAt}: that timestamp is the producer's, and one dated in the future must not pin an alias.
 * The aliases are derived by replaying it: a promotion pushes a version on the alias's stack, a rollback pops
 * one, so two rollbacks in a row go two promotions back, not back and forth.
 */
public record PromotionHistory(String modelName, List<ModelPromotion> history) {

    public static final String ROLLBACK = PromotionLog.ROLLBACK;

    public PromotionHistory {
        history = history == null ? List.of() : List.copyOf(history);
    }

    public static String key(String modelName) {
        return Keys.promotionHistory(modelName);
    }

    public static PromotionHistory empty(String modelName) {
        return new PromotionHistory(modelName, List.of());
    }

    /** The history as its stored {@link PromotionLog} document. */
    public PromotionLog toLog() {
        return new PromotionLog(PromotionLog.SCHEMA_VERSION, modelName, history);
    }

    public static PromotionHistory fromLog(PromotionLog log) {
        return new PromotionHistory(log.modelName(), log.history());
    }

    /** Whether this exact event (alias, version, action and time) is recorded already. */
    public boolean contains(ModelPromotion event) {
        return history.stream().anyMatch(e -> same(e, event));
    }

    /**
     * The history with {@code event} appended; unchanged when it is already there. Callers hand events over in log
     * order: the evaluator publishes (and waits for the ack) before it records, one promotion at a time, and the
     * topic is replayed in offset order.
     */
    public PromotionHistory with(ModelPromotion event) {
        if (contains(event)) {
            return this;
        }
        List<ModelPromotion> out = new ArrayList<>(history);
        out.add(event);
        return new PromotionHistory(modelName, out);
    }

    /** Each alias's current version. */
    public Map<String, String> aliases() {
        return toLog().aliases();
    }

    public Optional<String> current(String alias) {
        return Optional.ofNullable(aliases().get(alias));
    }

    /** The version a rollback of {@code alias} would restore, if the alias has one to go back to. */
    public Optional<String> rollbackTarget(String alias) {
        Deque<String> stack = stacks().get(alias);
        if (stack == null || stack.size() < 2) {
            return Optional.empty();
        }
        var it = stack.iterator();
        it.next();
        return Optional.of(it.next());
    }

    /** The latest event that pointed {@code alias} at {@code version}, to copy its location and metrics. */
    public Optional<ModelPromotion> lastFor(String alias, String version) {
        for (int i = history.size() - 1; i >= 0; i--) {
            ModelPromotion e = history.get(i);
            if (e.alias().equals(alias) && e.version().equals(version)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private Map<String, Deque<String>> stacks() {
        return PromotionLog.aliasStacks(history);
    }

    private static boolean same(ModelPromotion a, ModelPromotion b) {
        return a.alias().equals(b.alias()) && a.version().equals(b.version())
                && java.util.Objects.equals(a.action(), b.action())
                && java.util.Objects.equals(a.promotedAt(), b.promotedAt());
    }
}
