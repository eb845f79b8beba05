package org.inkflow.cleaner.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.SampleMeta;
import org.junit.jupiter.api.Test;

class DatasetPlannerTest {

    static SampleMeta sample(String sha, String group, String rawLineArt, String... tags) {
        return new SampleMeta(SampleMeta.SCHEMA_VERSION, sha, "test", "raw/test/x/" + sha + ".png", rawLineArt, "CC0", null, List.of(tags),
                SampleMeta.primaryTagOf(List.of(tags)), null, group, "train", 64, "pad", rawLineArt == null ? "extracted" : "paired",
                "samples/" + sha + "/input.png", "samples/" + sha + "/target.png", "0", "00".repeat(48), 64, 64, Map.of(),
                Instant.EPOCH);
    }

    static DatasetSpec spec(Integer maxPerTag, Integer minPerTag, List<String> include, List<String> exclude, long seed) {
        return new DatasetSpec("d", 64, "pad", "paired", false, maxPerTag, minPerTag, include, exclude, 0.7, 0.2, 0.1, seed);
    }

    private static List<SampleMeta> samples() {
        List<SampleMeta> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String tag = i < 200 ? "cat" : i < 290 ? "dog" : "fox";
            // Groups of three, like skin-tone variants of one emoji.
            out.add(sample(String.format("%064x", i), "g" + (i / 3), i % 2 == 0 ? "raw/l/" + i : null, tag, "animal"));
        }
        return out;
    }

    @Test
    void capBalancesPrimaryTagsAndRecordsCountsBeforeAndAfter() {
        DatasetPlanner.Plan plan = DatasetPlanner.plan(samples(), spec(50, null, null, null, 1));
        assertThat(plan.tagCountsBeforeBalancing()).containsEntry("cat", 200).containsEntry("dog", 90).containsEntry("fox", 10);
        assertThat(plan.tagCounts()).containsEntry("cat", 50).containsEntry("dog", 50).containsEntry("fox", 10);
        assertThat(plan.size()).isEqualTo(110);
        assertThat(plan.excluded()).containsEntry("balance", 190);
    }

    @Test
    void minPerTagIncludeAndExcludeAndRequirePaired() {
        assertThat(DatasetPlanner.plan(samples(), spec(null, 20, null, null, 1)).tagCounts()).doesNotContainKey("fox");
        assertThat(DatasetPlanner.plan(samples(), spec(null, null, List.of("Dog"), null, 1)).size()).isEqualTo(90);
        assertThat(DatasetPlanner.plan(samples(), spec(null, null, null, List.of("cat"), 1)).size()).isEqualTo(100);
        DatasetSpec paired = new DatasetSpec("d", 64, "pad", "paired", true, null, null, null, null, 0.7, 0.2, 0.1, 1);
        DatasetPlanner.Plan plan = DatasetPlanner.plan(samples(), paired);
        assertThat(plan.size()).isEqualTo(150);
        assertThat(plan.excluded()).containsEntry("unpaired", 150);
    }

    @Test
    void noGroupStraddlesTwoSplitsAndTheSplitIsNearSeventyTwentyTen() {
        DatasetPlanner.Plan plan = DatasetPlanner.plan(samples(), spec(null, null, null, null, 1));
        Map<String, String> splitOfGroup = new HashMap<>();
        plan.splits().forEach((split, list) -> list.forEach(s -> {
            String previous = splitOfGroup.put(s.groupKey(), split);
            assertThat(previous == null || previous.equals(split)).as("group %s in %s and %s", s.groupKey(), previous, split).isTrue();
        }));
        assertThat(plan.splits().keySet()).containsExactly("train", "validation", "test");
        assertThat(plan.splits().get("train").size()).isBetween(150, 270);
    }

    @Test
    void deterministicFingerprintThatChangesWithSamplesAndSeed() {
        DatasetPlanner.Plan a = DatasetPlanner.plan(samples(), spec(50, null, null, null, 1));
        List<SampleMeta> reversed = new ArrayList<>(samples());
        java.util.Collections.reverse(reversed);
        DatasetPlanner.Plan b = DatasetPlanner.plan(reversed, spec(50, null, null, null, 1));
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(b.splits()).isEqualTo(a.splits());
        List<SampleMeta> more = new ArrayList<>(samples());
        more.add(sample("f".repeat(64), "new", null, "fox"));
        assertThat(DatasetPlanner.plan(more, spec(50, null, null, null, 1)).fingerprint()).isNotEqualTo(a.fingerprint());
        DatasetPlanner.Plan otherSeed = DatasetPlanner.plan(samples(), spec(50, null, null, null, 2));
        assertThat(otherSeed.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(otherSeed.splits().get("train")).isNotEqualTo(a.splits().get("train"));
    }
}
