package org.inkflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The queries of {@code grafana/}: every dashboard panel's PromQL and every alert and recording rule expression,
 * ready to run against a real Prometheus, and how many series each returns there. The end-to-end test uses it to
 * prove that the dashboards and alerts query metrics the services really expose.
 *
 * <p>Template variables become match-anything values ({@code $service} → {@code .+}), {@code $__rate_interval}
 * → {@code 1m}, {@code $__interval} → {@code 1m}, {@code $__range} → {@code 5m}. Rule files are read line by line:
 * a rule's {@code alert:}/{@code record:} line comes before its {@code expr:}, which is a one-line scalar or a
 * {@code |} block (the convention {@code grafana/README.md} sets).
 */
final class GrafanaQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_]\\w*)(?::\\w+)?}|\\$([A-Za-z_]\\w*)");
    private static final Map<String, String> BUILTINS = Map.of(
            "__rate_interval", "1m", "__interval", "1m", "__range", "5m", "__range_s", "300", "__range_ms", "300000");

    private GrafanaQueries() {
    }

    /** Every panel target's expression, keyed {@code "pipeline.json: Panel title [A]"}, variables replaced. */
    static Map<String, String> panelQueries(Path repoRoot) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Path file : files(repoRoot.resolve("grafana/dashboards"), ".json")) {
            try {
                collectPanels(file.getFileName().toString(), JSON.readTree(file.toFile()).path("panels"), queries);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard " + file, e);
            }
        }
        return queries;
    }

    private static void collectPanels(String dashboard, JsonNode panels, Map<String, String> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    queries.put(dashboard + ": " + panel.path("title").asText() + " [" + target.path("refId").asText() + "]",
                            substitute(expr));
                }
            }
            collectPanels(dashboard, panel.path("panels"), queries);
        }
    }

    /** Every alert and recording rule expression, keyed {@code "inkflow-pipeline.yaml: InkflowDeadLetters"}. */
    static Map<String, String> ruleExpressions(Path repoRoot) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (Path file : files(repoRoot.resolve("grafana/alerts"), ".yaml")) {
            readRules(file, (name, expr) -> rules.put(file.getFileName() + ": " + name, expr));
        }
        return rules;
    }

    /** The names of the recording rules, i.e. the series Prometheus records from grafana/alerts. */
    static List<String> recordedSeries(Path repoRoot) {
        List<String> names = new ArrayList<>();
        for (Path file : files(repoRoot.resolve("grafana/alerts"), ".yaml")) {
            readRules(file, (name, expr) -> {
                if (name.startsWith("record ")) {
                    names.add(name.substring("record ".length()));
                }
            });
        }
        return names;
    }

    /**
     * Runs each expression as an instant query ({@code GET /api/v1/query}) and returns how many series it gave:
     * 0 for none, -1 where Prometheus refused it (bad PromQL) or did not answer. Keeps the order of {@code exprs}.
     */
    static Map<String, Integer> resultCounts(String prometheusUrl, List<String> exprs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String expr : exprs) {
            counts.put(expr, query(prometheusUrl, expr).path("count").asInt(-1));
        }
        return counts;
    }

    /**
     * Polls {@link #resultCounts} until every expression returns at least one series or {@code timeout} passes,
     * and returns the last counts: rates need two scrapes after a counter appears, recording rules one evaluation.
     */
    static Map<String, Integer> awaitResults(String prometheusUrl, List<String> exprs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Integer> counts = resultCounts(prometheusUrl, exprs);
            if (counts.values().stream().allMatch(c -> c > 0) || System.nanoTime() > deadline) {
                return counts;
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return counts;
            }
        }
    }

    /** Prometheus' error for an expression, or null when it evaluates. */
    static String error(String prometheusUrl, String expr) {
        JsonNode answer = query(prometheusUrl, expr);
        return answer.path("count").asInt(-1) >= 0 ? null : answer.path("error").asText("no answer");
    }

    private static JsonNode query(String prometheusUrl, String expr) {
        URI uri = URI.create(prometheusUrl.replaceAll("/+$", "") + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                return JSON.createObjectNode().put("count", -1)
                        .put("error", body.path("errorType").asText() + ": " + body.path("error").asText());
            }
            JsonNode data = body.path("data");
            int count = data.path("result").isArray() ? data.path("result").size() : 1;  // scalar or string: one value
            return JSON.createObjectNode().put("count", count);
        } catch (IOException e) {
            return JSON.createObjectNode().put("count", -1).put("error", "GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode().put("count", -1).put("error", "interrupted");
        }
    }

    /** Grafana's variables as a query sees them when every option is selected. */
    static String substitute(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(BUILTINS.getOrDefault(name, ".+")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private interface RuleSink {
        void accept(String name, String expr);
    }

    private static void readRules(Path file, RuleSink sink) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule file " + file, e);
        }
        String name = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String key = line.strip().replaceFirst("^- +", "");
            if (key.startsWith("alert:")) {
                name = unquote(key.substring("alert:".length()));
            } else if (key.startsWith("record:")) {
                name = "record " + unquote(key.substring("record:".length()));
            } else if (key.startsWith("expr:")) {
                String value = key.substring("expr:".length()).strip();
                if (value.startsWith("|") || value.startsWith(">")) {
                    int keyIndent = indent(line);
                    StringBuilder block = new StringBuilder();
                    while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > keyIndent)) {
                        block.append(lines.get(++i).strip()).append('\n');
                    }
                    value = block.toString().strip();
                } else {
                    value = unquote(value);
                }
                if (name == null) {
                    throw new IllegalStateException(file + " line " + (i + 1) + ": expr before any alert: or record:");
                }
                sink.accept(name, value);
            }
        }
    }

    private static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        return v;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** By hand, against a running Prometheus: {@code GrafanaQueries http://127.0.0.1:9090 [repo root]}. */
    public static void main(String[] args) {
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        Map<String, String> all = new LinkedHashMap<>(panelQueries(root));
        ruleExpressions(root).forEach(all::put);
        recordedSeries(root).forEach(r -> all.put("recorded: " + r, r));
        Map<String, Integer> counts = resultCounts(args[0], new ArrayList<>(all.values()));
        all.forEach((where, expr) -> {
            int n = counts.get(expr);
            System.out.printf("%4s  %s%s%n", n, where, n < 0 ? "  ERROR " + error(args[0], expr) : "");
        });
    }
}
