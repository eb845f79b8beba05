package org.inkflow.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.SplitScores;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.evaluator.dataset.LoadedSample;
import org.inkflow.evaluator.gates.Gate.ProductionScores;
import org.inkflow.evaluator.quality.Ssim;
import org.inkflow.evaluator.scoring.ExampleOptions;
import org.inkflow.evaluator.scoring.LineCopyBaseline;
import org.inkflow.evaluator.scoring.SplitResult;
import org.inkflow.evaluator.scoring.SplitScorer;
import org.inkflow.evaluator.scoring.StoredScores;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    private static final int H = 6;
    private static final int W = 10;

    @Test
    void everyReferencedImageIsRenderedAndTheWorstSamplesAreListedWithTags() {
        Map<String, LoadedSample> data = new HashMap<>();
        List<DatasetManifest.Sample> split = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            float[] line = new float[H * W];
            float[] target = new float[H * W * 3];
            for (int p = 0; p < H * W; p++) {
                line[p] = (p + i) % 7 == 0 ? 0f : 1f;
                target[p * 3] = 0.2f * i;
                target[p * 3 + 1] = 0.5f;
                target[p * 3 + 2] = 1f;
            }
            DatasetManifest.Sample s = new DatasetManifest.Sample("sha" + i + "abcdefabcdef", "in", "t", List.of("tag<" + i % 2 + ">"), null);
            data.put(s.sha256(), new LoadedSample(s, H, W, line, target));
            split.add(s);
        }
        SplitScorer scorer = new SplitScorer(s -> data.get(s.sha256()), Ssim.STANDARD, 2);
        SplitResult validation = scorer.score("validation", split, new LineCopyBaseline(), new ExampleOptions(3, 2, 5));
        SplitResult test = scorer.score("test", split, new LineCopyBaseline(), ExampleOptions.numbersOnly(5));
        Map<String, SplitResult> candidate = new LinkedHashMap<>();
        candidate.put("validation", validation);
        candidate.put("test", test);
        // A hint model's second pass (here the same numbers: the table's layout is under test).
        candidate.put("validation+hints", validation);
        TrainingCurves curves = TrainingCurves.parse("""
                {"type":"step","step":1,"trainLoss":0.5,"learningRate":0.001}
                {"type":"validation","step":2,"trainLoss":0.4,"validationLoss":0.5,"layers":{"enc0":{"gradientNorm":1.5,"weightMean":0.01,"weightStd":0.2,"deadRatio":0.1,"updateRatio":0.001}}}
                not json
                """.getBytes(StandardCharsets.UTF_8));
        ReportContent content = new ReportContent("colorizer", "v7", "run-1", "models/colorizer/v7/", "shapes", "1",
                List.of(), false, Instant.parse("2026-01-02T03:04:05Z"), Ssim.STANDARD.describe(),
                List.of("OpenMoji <CC BY-SA 4.0>"), candidate,
                Map.of("validation", Map.of("line-copy", StoredScores.of(validation))),
                ProductionScores.scored("v6", validation.summary()),
                List.of(new GateCheck("beats-baseline:line-copy", "l1", 0.2, 0.1, false, "validation l1 0.2 must be <= 0.1")),
                curves, null, new RunNetworkPictures(40, Map.of(
                        "filters.png", ImageArrays.encodePng(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB)),
                        "activations-mid_conv2.png", ImageArrays.encodePng(new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB)))));

        Map<String, byte[]> files = ReportWriter.render(content);

        Document page = Jsoup.parse(new String(files.get(ReportWriter.REPORT), StandardCharsets.UTF_8));
        List<String> sources = page.select("img").eachAttr("src");
        assertThat(sources).isNotEmpty();
        for (String src : sources) {
            assertThat(files).containsKey(src);
            BufferedImage image = ImageArrays.decode(files.get(src));
            assertThat(image.getWidth()).isGreaterThan(0);
        }
        assertThat(files.keySet()).filteredOn(n -> n.endsWith(".png")).hasSize(sources.size());
        assertThat(sources).filteredOn(s -> s.startsWith("curve-")).hasSize(6); // loss, learningRate and four of the five layers.enc0.* series: at most 6 charts
        assertThat(sources).filteredOn(s -> s.startsWith("sample-")).hasSize(3);
        assertThat(sources).contains("network-filters.png", "network-activations-mid_conv2.png");
        assertThat(page.select("#network figcaption").text()).contains("First layer's filters")
                .contains("strongest feature maps of mid_conv2");
        assertThat(page.select("h2").eachText()).contains("The network at step 40 of its run");
        // a strip is line art | prediction | target, each scaled up to at least 128 px high
        BufferedImage strip = ImageArrays.decode(files.get("sample-00.png"));
        assertThat(strip.getHeight()).isEqualTo(H * 22);
        assertThat(strip.getWidth()).isEqualTo(3 * W * 22 + 8);

        assertThat(page.select("#decision").text()).contains("NOT BLESSED");
        assertThat(page.select("#gates td.fail")).hasSize(1);
        List<Element> worst = page.select("tr.worst-sample");
        assertThat(worst).hasSize(2);
        assertThat(worst.get(0).select("td.tags").text()).startsWith("tag<");
        assertThat(page.select("#metrics-validation tr").text()).contains("baseline: line-copy").contains("production v6");
        assertThat(page.select("#metrics-test")).hasSize(1);
        assertThat(page.select("#metrics-validation tr").text()).contains("colorizer v7 with color hints");
        assertThat(page.select("#hints-validation tr").eachText()).hasSize(3)
                .anyMatch(r -> r.startsWith("without hints 0")).anyMatch(r -> r.startsWith("with hints 0"));
        assertThat(page.select("#hints-test")).isEmpty();
        assertThat(page.select("#tags tr")).hasSize(3); // header + two tags
        assertThat(page.text()).contains("OpenMoji <CC BY-SA 4.0>").contains("11x11 Gaussian window")
                .contains("1 lines of metrics.jsonl");
        // nothing outside: no scripts, no absolute URLs
        assertThat(page.select("script")).isEmpty();
        assertThat(sources).noneMatch(s -> s.contains("/") || s.contains(":"));
    }

    @Test
    void missingCurvesAreExplained() {
        TrainingCurves empty = TrainingCurves.parse("\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(empty.isEmpty()).isTrue();
        TrainingCurves lines = TrainingCurves.parse(("{\"type\":\"step\",\"step\":3,\"epoch\":1,\"trainLoss\":0.2}\n"
                + "{\"type\":\"validation\",\"step\":5,\"validationLoss\":0.3}\n"
                + "{\"epoch\":3,\"loss\":0.2}").getBytes(StandardCharsets.UTF_8));
        // x is the step; epoch is not a curve; a line that is not a metrics line (no type, no step) is skipped
        assertThat(lines.series().get("trainLoss")).singleElement().satisfies(p -> assertThat(p).containsExactly(3.0, 0.2));
        assertThat(lines.series().get("validationLoss")).singleElement().satisfies(p -> assertThat(p).containsExactly(5.0, 0.3));
        assertThat(lines.series()).doesNotContainKeys("epoch", "loss", "step");
        assertThat(lines.skippedLines()).isEqualTo(1);
        assertThat(lines.charts(6)).containsOnlyKeys("loss");
        assertThat(lines.charts(6).get("loss")).containsExactly("trainLoss", "validationLoss");
    }
}
