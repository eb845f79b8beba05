package org.inkflow.evaluator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.junit.jupiter.api.Test;

class PromotionHistoryTest {

    private static ModelPromotion event(String alias, String version, String action, int second) {
        return new ModelPromotion(1, "colorizer", alias, version, "models/colorizer/" + version + "/", Map.of("l1", 0.1),
                action, null, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second));
    }

    @Test
    void promotionsStackAndRollbacksGoBackOneAtATime() {
        PromotionHistory h = PromotionHistory.empty("colorizer")
                .with(event("production", "v1", "blessed", 1))
                .with(event("production", "v2", "blessed", 2))
                .with(event("production", "v3", "promote", 3));
        assertThat(h.current("production")).contains("v3");
        assertThat(h.rollbackTarget("production")).contains("v2");
        h = h.with(event("production", "v2", "rollback", 4));
        assertThat(h.current("production")).contains("v2");
        // a second rollback goes further back, not forth to v3
        assertThat(h.rollbackTarget("production")).contains("v1");
        h = h.with(event("production", "v1", "rollback", 5));
        assertThat(h.current("production")).contains("v1");
        assertThat(h.rollbackTarget("production")).isEmpty();
    }

    @Test
    void aliasesAreIndependentAndRepeatsAreIdempotent() {
        ModelPromotion staging = event("staging", "v9", "promote", 2);
        PromotionHistory h = PromotionHistory.empty("colorizer")
                .with(event("production", "v1", "blessed", 1))
                .with(staging);
        assertThat(h.aliases()).containsExactly(Map.entry("production", "v1"), Map.entry("staging", "v9"));
        assertThat(h.with(staging)).isSameAs(h);
        // the same event read back from JSON (the topic replay) is recognized too
        assertThat(h.contains(EventJson.read(EventJson.write(staging), ModelPromotion.class))).isTrue();
        // pointing an alias at its current version again does not add a level to roll back through
        h = h.with(event("production", "v1", "promote", 3));
        assertThat(h.rollbackTarget("production")).isEmpty();
    }

    @Test
    void eventsAreKeptInLogOrderNotInTheOrderOfTheirOwnTimestamps() {
        PromotionHistory h = PromotionHistory.empty("colorizer")
                .with(event("production", "v2", "blessed", 20))
                .with(event("production", "v1", "blessed", 10));
        assertThat(h.history()).extracting(ModelPromotion::version).containsExactly("v2", "v1");
        assertThat(h.current("production")).contains("v1");
    }

    @Test
    void aPromotionDatedInTheFutureDoesNotPinTheAlias() {
        int aYearAhead = 365 * 24 * 3600;
        PromotionHistory h = PromotionHistory.empty("colorizer")
                .with(event("production", "v1", "promote", 1))
                .with(event("production", "v2", "promote", aYearAhead))
                .with(event("production", "v3", "promote", 3));
        assertThat(h.current("production")).contains("v3");
        assertThat(h.rollbackTarget("production")).contains("v2");
        h = h.with(event("production", "v2", "rollback", 4));
        assertThat(h.current("production")).contains("v2");
    }

    @Test
    void namesAreCheckedBeforeTheyBecomeKeys() {
        assertThat(ModelNames.requireName("colorizer-v1.2_x", "name")).isEqualTo("colorizer-v1.2_x");
        for (String bad : new String[] {"../etc", "_baselines", "a/b", "", "x..y"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelNames.requireName(bad, "model name"))
                    .hasMessageContaining("is not valid");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelNames.requireAlias("Prod"))
                .hasMessageContaining("lower-case");
    }
}
