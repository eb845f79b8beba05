package org.inkflow.evaluator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.TrainingMetricsLine;
import org.inkflow.common.events.EventJson;

/**
 * The training curves of a run, read from {@code runs/<runId>/metrics.jsonl} line by line through the trainer's
 * {@link TrainingMetricsLine} record: x is the line's {@code step}; every other numeric field, nested objects (the
 * per-layer statistics) flattened with dots, is a series; lines that are not valid metrics lines are skipped and
 * counted.
 */
public record TrainingCurves(Map<String, List<double[]>> series, int skippedLines) {

    private static final Set<String> NOT_SERIES = Set.of("step", "epoch", "at", "time", "timestamp", "createdat",
            "schemaversion");

    public TrainingCurves {
        // Insertion order is the order series first appear in the file, which the charts keep.
        series = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series));
    }

    public static String key(String runId) {
        return Keys.runMetrics(runId);
    }

    public static TrainingCurves parse(byte[] jsonl) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        int skipped = 0;
        for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            TrainingMetricsLine metrics;
            try {
                metrics = TrainingMetricsLine.read(line);
            } catch (RuntimeException e) {
                skipped++;
                continue;
            }
            JsonNode node = EventJson.MAPPER.valueToTree(metrics);
            collect(node, "", metrics.step(), series);
        }
        return new TrainingCurves(series, skipped);
    }

    private static void collect(JsonNode node, String prefix, double x, Map<String, List<double[]>> series) {
        node.fields().forEachRemaining(e -> {
            String name = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                collect(v, name + ".", x, series);
            } else if (v.isNumber() && prefix.isEmpty() && NOT_SERIES.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                // the x axis or a timestamp, not a curve
            } else if (v.isNumber() && Double.isFinite(v.asDouble())) {
                series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, v.asDouble()});
            }
        });
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }

    /**
     * The series grouped into charts: every loss on one chart (so train and validation can be compared), then one
     * chart per other series, at most {@code maxCharts} charts in all.
     */
    public Map<String, List<String>> charts(int maxCharts) {
        Map<String, List<String>> charts = new LinkedHashMap<>();
        List<String> losses = series.keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).contains("loss")).toList();
        if (!losses.isEmpty()) {
            charts.put("loss", losses);
        }
        for (String name : series.keySet()) {
            if (charts.size() >= maxCharts) {
                break;
            }
            if (!losses.contains(name)) {
                charts.put(name, List.of(name));
            }
        }
        return charts;
    }
}
