package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldoutSetBuilderTest {

    private static final HeldoutSetBuilder.Source SOURCE = new HeldoutSetBuilder.Source("test-icons@1.0.0", "MIT",
            "synthetic test icons");

    /** Three coloured icons (one with a wide 32x16 view box), one gray one, one that Batik cannot render. */
    private static List<IconifyIcons.Icon> icons() {
        String json = """
                {"width": 16, "height": 16, "icons": {
                  "red": {"body": "<rect x=\\"2\\" y=\\"2\\" width=\\"8\\" height=\\"12\\" fill=\\"#e53935\\"/>"},
                  "wide": {"body": "<rect x=\\"0\\" y=\\"0\\" width=\\"32\\" height=\\"16\\" fill=\\"#1e88e5\\"/>", "width": 32},
                  "green": {"body": "<circle cx=\\"8\\" cy=\\"8\\" r=\\"6\\" fill=\\"#43a047\\"/>"},
                  "gray": {"body": "<rect x=\\"2\\" y=\\"2\\" width=\\"12\\" height=\\"12\\" fill=\\"#777777\\"/>"},
                  "broken": {"body": "<rect width=\\"oops\\" fill=\\"#f00\\"/><unclosed>"}
                }}
                """;
        return IconifyIcons.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheSameColourfulIconsAtEverySizeAndTheManifestLast(@TempDir Path dir) {
        HeldoutSet set = new HeldoutSetBuilder().build(icons(), SOURCE, 10, List.of(16, 24), LineArtMode.EXTRACTED, 3, dir);

        HeldoutSet.Manifest m = HeldoutSet.open(dir).manifest();
        assertThat(m).isEqualTo(set.manifest());
        assertThat(m.names()).containsExactlyInAnyOrder("red", "wide", "green");
        assertThat(m.skipped()).containsEntry("too-little-color", 1).containsEntry("unrenderable", 1);
        assertThat(m.source()).isEqualTo("test-icons@1.0.0");
        assertThat(m.lineArt()).isEqualTo("extracted");
        assertThat(m.sizes()).containsExactly(16, 24);
        for (int size : List.of(16, 24)) {
            List<HeldoutPair> pairs = set.pairs(size);
            assertThat(pairs).hasSize(3).allSatisfy(p -> assertThat(p.size()).isEqualTo(size));
        }
        // The wide icon is padded above and below like the cleaner pads: the top row is white, the middle blue.
        HeldoutPair wide = set.pairs(24).stream().filter(p -> p.name().equals("wide")).findFirst().orElseThrow();
        assertThat(wide.target()[(1 * 24 + 12) * 3 + 2]).isEqualTo(1f);
        assertThat(wide.target()[(12 * 24 + 12) * 3]).isLessThan(0.3f);
        assertThat(Files.exists(dir.resolve("24/wide/input.png"))).isTrue();
        assertThat(Files.exists(dir.resolve("16/gray"))).isFalse();
    }

    @Test
    void countLimitsThePairsAndTheSeedChoosesThemReproducibly(@TempDir Path a, @TempDir Path b) {
        var first = new HeldoutSetBuilder().build(icons(), SOURCE, 2, List.of(16), LineArtMode.EXTRACTED, 5, a);
        var second = new HeldoutSetBuilder().build(icons(), SOURCE, 2, List.of(16), LineArtMode.EXTRACTED, 5, b);
        assertThat(first.manifest().names()).hasSize(2).isEqualTo(second.manifest().names());
    }

    @Test
    void aFolderWithoutAManifestIsNoSet(@TempDir Path dir) {
        assertThatThrownBy(() -> HeldoutSet.open(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bench/heldout.sh build");
    }
}
