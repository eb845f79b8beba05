package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.model.training.TinyColorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real exported model (the tiny U-Net fixture) scored on a built set through the SavedModel path. */
class HeldoutSavedModelIT {

    @Test
    void scoresAnExportedModelBesideLineCopy(@TempDir Path tmp) {
        String json = """
                {"width": 16, "height": 16, "icons": {
                  "a": {"body": "<rect x=\\"2\\" y=\\"2\\" width=\\"8\\" height=\\"12\\" fill=\\"#e53935\\" stroke=\\"#000\\"/>"},
                  "b": {"body": "<circle cx=\\"8\\" cy=\\"8\\" r=\\"6\\" fill=\\"#43a047\\" stroke=\\"#000\\"/>", "width": 24}
                }}
                """;
        HeldoutSet set = new HeldoutSetBuilder().build(IconifyIcons.parse(json.getBytes(StandardCharsets.UTF_8)),
                new HeldoutSetBuilder.Source("t@1", "MIT", "test"), 5, List.of(16, 24), LineArtMode.EXTRACTED, 1,
                tmp.resolve("set"));
        TinyColorizer.export(tmp.resolve("model"), "colorizer", "1", 7, 3);

        try (PairColorizer model = PairColorizer.savedModel(tmp.resolve("model"))) {
            HeldoutScorer scorer = new HeldoutScorer(4, 1, 16);
            for (int size : List.of(16, 24)) {
                List<HeldoutScorer.Row> rows = scorer.score(set.pairs(size), size, List.of(model));
                // No hints input on an exported v1 model: line-copy and one model row.
                assertThat(rows).extracting(HeldoutScorer.Row::colorizer)
                        .containsExactly("line-copy", "savedmodel colorizer/1");
                HeldoutScorer.Row row = rows.get(1);
                assertThat(row.scores().count()).isEqualTo(2);
                assertThat(row.scores().psnr()).isFinite().isPositive();
                assertThat(row.scores().ssim()).isBetween(-1.0, 1.0);
                assertThat(row.lineCopy()).isEqualTo(rows.get(0).scores());
            }
        }

        // A model with the hints input gets a row with hints, fed as /colorize makes them; they change its colours.
        TinyColorizer.export(tmp.resolve("hinted"), "colorizer", "2", 7, 3, true);
        try (PairColorizer model = PairColorizer.savedModel(tmp.resolve("hinted"))) {
            List<HeldoutScorer.Row> rows = new HeldoutScorer(4, 1, 16).score(set.pairs(24), 24, List.of(model));
            assertThat(rows).extracting(HeldoutScorer.Row::hintPoints).containsExactly(0, 0, 4);
            assertThat(rows.get(2).scores().psnr()).isFinite().isNotEqualTo(rows.get(1).scores().psnr());
        }
    }
}
