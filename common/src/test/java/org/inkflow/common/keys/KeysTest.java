package org.inkflow.common.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The layout docs/CONTRACTS.md documents; stored data depends on every one of these strings. */
class KeysTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void rawImagesAndTheirIndexes() {
        assertThat(Keys.rawFolder("openmoji", "animals")).isEqualTo("raw/openmoji/animals/");
        assertThat(Keys.rawLineArtFolder("openmoji", "animals")).isEqualTo("raw/openmoji/animals/line-art/");
        assertThat(Keys.rawMetadata("openmoji", "animals", SHA)).isEqualTo("raw/openmoji/animals/" + SHA + ".json");
        assertThat(Keys.rawIndexSha256(SHA)).isEqualTo("raw/index/sha256/" + SHA + ".json");
        assertThat(Keys.rawIndexMd5("D41D8CD98F00B204E9800998ECF8427E"))
                .isEqualTo("raw/index/md5/d41d8cd98f00b204e9800998ecf8427e.json");
    }

    @Test
    void samples() {
        assertThat(Keys.sampleInput(SHA)).isEqualTo("samples/" + SHA + "/input.png");
        assertThat(Keys.sampleTarget(SHA)).isEqualTo("samples/" + SHA + "/target.png");
        assertThat(Keys.sampleMeta(SHA)).isEqualTo("samples/" + SHA + "/meta.json");
        assertThat(Keys.sampleRejected(SHA)).isEqualTo("samples/" + SHA + "/rejected.json");
        assertThat(Keys.sampleVariantTarget(SHA, 48, "crop")).isEqualTo("samples/" + SHA + "/48-crop/target.png");
        assertThat(Keys.sampleVariantInput(SHA, 48, "pad", "xdog")).isEqualTo("samples/" + SHA + "/48-pad/input-xdog.png");
        assertThat(Keys.sampleShaOf(Keys.sampleMeta(SHA), Keys.SAMPLE_META)).contains(SHA);
        assertThat(Keys.sampleShaOf("samples/a/b/meta.json", Keys.SAMPLE_META)).isEmpty();
        assertThat(Keys.sampleShaOf("datasets/x/meta.json", Keys.SAMPLE_META)).isEmpty();
    }

    @Test
    void datasetsRunsModelsEvaluationsAndCrawlJobs() {
        assertThat(Keys.datasetVersions("openmoji")).isEqualTo("datasets/openmoji/");
        assertThat(Keys.datasetManifest("openmoji", "3")).isEqualTo("datasets/openmoji/3/manifest.json");
        assertThat(Keys.datasetStats("openmoji", "3")).isEqualTo("datasets/openmoji/3/stats.json");
        assertThat(Keys.datasetPreview("openmoji", "3")).isEqualTo("datasets/openmoji/3/preview.png");
        assertThat(Keys.datasetStatus("openmoji", "3")).isEqualTo("datasets/openmoji/3/status.json");

        assertThat(Keys.runStatus("r7")).isEqualTo("runs/r7/status.json");
        assertThat(Keys.isRunStatus("runs/r7/status.json")).isTrue();
        assertThat(Keys.isRunStatus("runs/r7/checkpoints/status.json")).isFalse();
        assertThat(Keys.runCheckpoint("r7", 120)).isEqualTo("runs/r7/checkpoints/step-120/");
        assertThat(Keys.runCheckpoint("r7", 120, 2)).isEqualTo("runs/r7/checkpoints/step-120-a2/");
        assertThat(Keys.runMetricsSegment("r7", 3, 1200)).isEqualTo("runs/r7/metrics/003-000001200.jsonl");
        assertThat(Keys.runMetrics("r7")).isEqualTo("runs/r7/metrics.jsonl");
        assertThat(Keys.runSample("r7", 40)).isEqualTo("runs/r7/samples/step-40.png");

        assertThat(Keys.modelDir("colorizer", "v9")).isEqualTo("models/colorizer/v9/");
        assertThat(Keys.modelCard("colorizer", "v9")).isEqualTo("models/colorizer/v9/model-card.json");
        assertThat(Keys.modelFile("models/colorizer/v9", Keys.MODEL_CARD)).isEqualTo("models/colorizer/v9/model-card.json");

        assertThat(Keys.evaluationStatus("colorizer", "v9")).isEqualTo("evaluations/colorizer/v9/status.json");
        assertThat(Keys.promotionHistory("colorizer")).isEqualTo("evaluations/colorizer/promotions-status.json");
        assertThat(Keys.evaluationScores("colorizer", "v8", "openmoji", "3", 25))
                .isEqualTo("evaluations/colorizer/v8/scores/openmoji/3/validation-25.json");
        assertThat(Keys.baseline("openmoji", "3", "scores.json")).isEqualTo("evaluations/_baselines/openmoji/3/scores.json");

        assertThat(Keys.crawlJobStatus("job-1")).isEqualTo("crawl-jobs/job-1/status.json");
    }
}
