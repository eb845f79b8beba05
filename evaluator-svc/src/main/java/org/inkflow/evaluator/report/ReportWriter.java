package org.inkflow.evaluator.report;

import org.inkflow.evaluator.model.HintedColorizer;
import org.inkflow.common.keys.Keys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.SplitScores;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.evaluator.quality.ImageMetrics;
import org.inkflow.evaluator.quality.Metric;
import org.inkflow.evaluator.quality.ScoreSummary;
import org.inkflow.evaluator.scoring.LineCopyBaseline;
import org.inkflow.evaluator.scoring.ScoredExample;
import org.inkflow.evaluator.scoring.SplitResult;
import org.inkflow.evaluator.scoring.StoredScores;

/**
 * Renders an evaluation as a self-contained HTML page plus the PNG files it shows, all meant to sit side by side
 * under {@code evaluations/<name>/<version>/}: images are referenced by relative name, there is no script and no
 * external resource, so the page opens from S3, from the service, or from a local copy.
 */
public final class ReportWriter {

    public static final String REPORT = Keys.EVALUATION_REPORT;

    private static final int MIN_PANEL = 128;
    private static final int MAX_CHARTS = 6;

    private ReportWriter() {
    }

    /** The report's files by name: {@code report.html} and every PNG it references. */
    public static Map<String, byte[]> render(ReportContent c) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder h = new StringBuilder(16_384);
        String title = c.modelName() + " " + c.version() + ": " + (c.blessed() ? "BLESSED" : "NOT BLESSED");
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(esc("Evaluation of " + title)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right;font-size:13px}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append(".pass{color:#176f2c;font-weight:bold}.fail{color:#b00020;font-weight:bold}")
                .append("figure{display:inline-block;margin:6px;vertical-align:top}figcaption{font-size:12px;max-width:420px}")
                .append("img.px{image-rendering:pixelated}.note{color:#555;font-size:13px}")
                .append("</style></head><body>\n");
        h.append("<h1 id=\"decision\" class=\"").append(c.blessed() ? "pass" : "fail").append("\">")
                .append(esc(title)).append("</h1>\n");
        overview(h, c);
        gateTable(h, c.checks());
        metricsTables(h, c);
        curves(h, c, files);
        network(h, c, files);
        grid(h, c, files);
        worst(h, c, files);
        tags(h, c);
        h.append("</body></html>\n");
        files.put(REPORT, h.toString().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static void overview(StringBuilder h, ReportContent c) {
        h.append("<table id=\"overview\">");
        row(h, "model", c.modelName());
        row(h, "version", c.version());
        row(h, "location", c.location());
        if (!c.members().isEmpty()) {
            row(h, "ensemble of", String.join(", ", c.members()));
        }
        row(h, "training run", c.runId() == null ? "(none)" : c.runId());
        row(h, "dataset", c.datasetName() + " " + c.datasetVersion());
        row(h, "evaluated at", String.valueOf(c.evaluatedAt()));
        row(h, "SSIM", c.ssimWindow());
        row(h, "PSNR", "mean of per-image PSNR, data range 1, each capped at " + ImageMetrics.PSNR_CAP_DB + " dB");
        row(h, "colorfulness", "Hasler-Suesstrunk M on the 0-255 scale; ratio = (M(prediction)+1)/(M(target)+1)");
        for (String credit : c.credits()) {
            row(h, "credits", credit);
        }
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th class=\"l\">").append(esc(name)).append("</th><td class=\"l\">").append(esc(value))
                .append("</td></tr>");
    }

    private static void gateTable(StringBuilder h, List<GateCheck> checks) {
        h.append("<h2>Gates (validation split)</h2>\n<table id=\"gates\"><tr><th class=\"l\">check</th>")
                .append("<th class=\"l\">metric</th><th>value</th><th>threshold</th><th>result</th>")
                .append("<th class=\"l\">detail</th></tr>\n");
        for (GateCheck check : checks) {
            h.append("<tr><td class=\"l\">").append(esc(check.name())).append("</td><td class=\"l\">")
                    .append(esc(check.metric())).append("</td><td>").append(num(check.value())).append("</td><td>")
                    .append(num(check.threshold())).append("</td><td class=\"").append(check.passed() ? "pass" : "fail")
                    .append("\">").append(check.passed() ? "pass" : "FAIL").append("</td><td class=\"l\">")
                    .append(esc(check.detail())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void metricsTables(StringBuilder h, ReportContent c) {
        for (String split : List.of(DatasetManifest.VALIDATION, DatasetManifest.TEST)) {
            SplitResult own = c.candidate().get(split);
            if (own == null) {
                continue;
            }
            h.append("<h2>Metrics: ").append(split).append(" split</h2>\n");
            if (split.equals(DatasetManifest.TEST)) {
                h.append("<p class=\"note\">The test split is scored once, after the decision, and never used to"
                        + " choose.</p>\n");
            }
            h.append("<table id=\"metrics-").append(split).append("\"><tr><th class=\"l\">model</th><th>samples</th>");
            for (Metric m : Metric.values()) {
                h.append("<th>").append(m.id()).append("</th>");
            }
            h.append("</tr>\n");
            metricRow(h, c.modelName() + " " + c.version() + " (candidate)", own.summary());
            SplitResult hinted = c.candidate().get(split + HintedColorizer.SUFFIX);
            if (hinted != null) {
                metricRow(h, c.modelName() + " " + c.version() + " with color hints", hinted.summary());
            }
            c.baselines().getOrDefault(split, Map.of()).forEach((id, scores) ->
                    metricRow(h, "baseline: " + id, StoredScores.summary(scores)));
            if (split.equals(DatasetManifest.VALIDATION) && c.production() != null) {
                if (c.production().summary() != null) {
                    metricRow(h, "production " + c.production().version(), c.production().summary());
                } else {
                    h.append("<tr><td class=\"l\">production ").append(esc(c.production().version()))
                            .append("</td><td class=\"l\" colspan=\"").append(Metric.values().length + 1).append("\">")
                            .append(esc("not scored: " + c.production().error())).append("</td></tr>\n");
                }
            }
            h.append("</table>\n");
            hintGains(h, c, split, own);
        }
    }

    /**
     * For a hint model: PSNR and SSIM gained over copying the line art, without hints and with hints sampled from the
     * targets (as training samples them), so what a few scribbles are worth reads at a glance.
     */
    private static void hintGains(StringBuilder h, ReportContent c, String split, SplitResult own) {
        SplitResult hinted = c.candidate().get(split + HintedColorizer.SUFFIX);
        SplitScores lineCopyScores = c.baselines().getOrDefault(split, Map.of()).get(LineCopyBaseline.ID);
        if (hinted == null || lineCopyScores == null) {
            return;
        }
        ScoreSummary lineCopy = StoredScores.summary(lineCopyScores);
        h.append("<table id=\"hints-").append(split).append("\"><tr><th class=\"l\">gain over line-copy</th>")
                .append("<th>psnr (dB)</th><th>ssim</th></tr>\n");
        for (Map.Entry<String, ScoreSummary> row : List.of(Map.entry("without hints", own.summary()),
                Map.entry("with hints", hinted.summary()))) {
            h.append("<tr><td class=\"l\">").append(row.getKey()).append("</td><td>")
                    .append(num(row.getValue().psnr() - lineCopy.psnr())).append("</td><td>")
                    .append(num(row.getValue().ssim() - lineCopy.ssim())).append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">Hints: 1 to 8 short strokes per sample in the target's colors, seeded"
                + " by the sample (the same in every evaluation).</p>\n");
    }

    private static void metricRow(StringBuilder h, String name, ScoreSummary s) {
        h.append("<tr><td class=\"l\">").append(esc(name)).append("</td><td>").append(s.count()).append("</td>");
        for (Metric m : Metric.values()) {
            h.append("<td>").append(num(s.get(m))).append("</td>");
        }
        h.append("</tr>\n");
    }

    private static void curves(StringBuilder h, ReportContent c, Map<String, byte[]> files) {
        h.append("<h2>Training curves</h2>\n");
        if (c.curves() == null || c.curves().isEmpty()) {
            h.append("<p class=\"note\" id=\"no-curves\">").append(esc(c.curvesNote() == null
                    ? "no training curves" : c.curvesNote())).append("</p>\n");
            return;
        }
        h.append("<div id=\"curves\">");
        int index = 0;
        for (Map.Entry<String, List<String>> chart : c.curves().charts(MAX_CHARTS).entrySet()) {
            String file = String.format(Locale.ROOT, "curve-%d-%s.png", index++, fileSafe(chart.getKey()));
            files.put(file, CurveChart.png(chart.getKey(), c.curves(), chart.getValue(), 560, 320));
            h.append("<img src=\"").append(file).append("\" width=\"560\" height=\"320\" alt=\"")
                    .append(esc(chart.getKey() + " by step")).append("\">");
        }
        h.append("</div>\n");
        if (c.curves().skippedLines() > 0) {
            h.append("<p class=\"note\">").append(c.curves().skippedLines())
                    .append(" lines of metrics.jsonl were not JSON objects and were skipped.</p>\n");
        }
    }

    /** What each picture of the network shows, by the trainer's file name (others are shown with their name). */
    private static final Map<String, String> NETWORK_CAPTIONS = Map.of(
            "filters.png", "First layer's filters (blue negative, red positive, one scale for all)",
            "distributions.png", "Each layer's weights, biases, pre-activations and gradients over training:"
                    + " quantile bands (min/max, 7-93%, 16-84%, 31-69%) against the step",
            "input-histogram.png", "The input of a training batch");

    private static void network(StringBuilder h, ReportContent c, Map<String, byte[]> files) {
        if (c.network() == null) {
            return;
        }
        h.append("<h2>The network at step ").append(c.network().step()).append(" of its run</h2>\n<div id=\"network\">");
        c.network().files().forEach((name, png) -> {
            String file = "network-" + name;
            files.put(file, png);
            String caption = NETWORK_CAPTIONS.getOrDefault(name, name.startsWith("activations-")
                    ? "Validation inputs that most activate the strongest feature maps of "
                            + name.substring("activations-".length(), name.length() - ".png".length()) + ", with the maps"
                    : name);
            h.append("<figure><img class=\"px\" src=\"").append(file).append("\" alt=\"").append(esc(caption))
                    .append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>");
        });
        h.append("</div>\n");
    }

    private static void grid(StringBuilder h, ReportContent c, Map<String, byte[]> files) {
        SplitResult validation = c.candidate().get(DatasetManifest.VALIDATION);
        if (validation == null || validation.grid().isEmpty()) {
            return;
        }
        h.append("<h2>Validation samples: line art | prediction | target</h2>\n<div id=\"grid\">");
        for (int i = 0; i < validation.grid().size(); i++) {
            figure(h, files, String.format(Locale.ROOT, "sample-%02d.png", i), validation.grid().get(i));
        }
        h.append("</div>\n");
    }

    private static void worst(StringBuilder h, ReportContent c, Map<String, byte[]> files) {
        SplitResult validation = c.candidate().get(DatasetManifest.VALIDATION);
        if (validation == null || validation.worst().isEmpty()) {
            return;
        }
        h.append("<h2>The ").append(validation.worst().size())
                .append(" worst validation samples by L1 (error analysis)</h2>\n<table id=\"worst\"><tr><th>rank</th>")
                .append("<th class=\"l\">sample</th><th>l1</th><th>psnr</th><th>ssim</th><th>colorfulness</th>")
                .append("<th class=\"l\">tags</th><th class=\"l\">line art | prediction | target</th></tr>\n");
        for (int i = 0; i < validation.worst().size(); i++) {
            ScoredExample e = validation.worst().get(i);
            String file = String.format(Locale.ROOT, "worst-%02d.png", i);
            files.put(file, SampleStrip.png(e, MIN_PANEL));
            h.append("<tr class=\"worst-sample\"><td>").append(i + 1).append("</td><td class=\"l\">")
                    .append(esc(e.sample().sample().sha256().substring(0, Math.min(12, e.sample().sample().sha256().length()))))
                    .append("</td><td>").append(num(e.score().l1())).append("</td><td>").append(num(e.score().psnr()))
                    .append("</td><td>").append(num(e.score().ssim())).append("</td><td>")
                    .append(num(e.score().colorfulness())).append("</td><td class=\"l tags\">")
                    .append(esc(String.join(", ", e.score().tags()))).append("</td><td class=\"l\"><img class=\"px\" src=\"")
                    .append(file).append("\" alt=\"worst sample ").append(i + 1).append("\"></td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void figure(StringBuilder h, Map<String, byte[]> files, String file, ScoredExample e) {
        files.put(file, SampleStrip.png(e, MIN_PANEL));
        h.append("<figure><img class=\"px\" src=\"").append(file).append("\" alt=\"")
                .append(esc(e.sample().sample().sha256())).append("\"><figcaption>")
                .append(esc(String.format(Locale.ROOT, "L1 %.4f, PSNR %.2f dB, SSIM %.3f", e.score().l1(),
                        Math.min(e.score().psnr(), ImageMetrics.PSNR_CAP_DB), e.score().ssim())))
                .append("<br>").append(esc(String.join(", ", e.score().tags()))).append("</figcaption></figure>");
    }

    private static void tags(StringBuilder h, ReportContent c) {
        SplitResult validation = c.candidate().get(DatasetManifest.VALIDATION);
        if (validation == null || validation.byTag().isEmpty()) {
            return;
        }
        SplitScores lineCopyScores = c.baselines().getOrDefault(DatasetManifest.VALIDATION, Map.of())
                .getOrDefault(LineCopyBaseline.ID, new SplitScores(Map.of(), Map.of()));
        Map<String, ScoreSummary> lineCopy = StoredScores.tags(lineCopyScores);
        List<Map.Entry<String, ScoreSummary>> rows = new ArrayList<>(validation.byTag().entrySet());
        rows.sort(Comparator.comparingDouble((Map.Entry<String, ScoreSummary> e) -> e.getValue().l1()).reversed());
        h.append("<h2>Validation metrics per tag (worst L1 first)</h2>\n<table id=\"tags\"><tr><th class=\"l\">tag</th>")
                .append("<th>samples</th><th>l1</th><th>line-copy l1</th><th>psnr</th><th>ssim</th>")
                .append("<th>colorfulness_ratio</th></tr>\n");
        for (Map.Entry<String, ScoreSummary> e : rows) {
            ScoreSummary s = e.getValue();
            ScoreSummary base = lineCopy.get(e.getKey());
            h.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td><td>").append(s.count())
                    .append("</td><td>").append(num(s.l1())).append("</td><td>")
                    .append(base == null ? "" : num(base.l1())).append("</td><td>").append(num(s.psnr()))
                    .append("</td><td>").append(num(s.ssim())).append("</td><td>").append(num(s.colorfulnessRatio()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    static String fileSafe(String name) {
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return safe.isEmpty() ? "series" : safe;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
