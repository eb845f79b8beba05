package org.inkflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.Keys;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.storage.ObjectStore;

/**
 * Drives the pipeline through the services' own REST APIs: crawl (OpenMoji importer) -> clean -> dataset
 * snapshot -> train -> evaluate -> promote -> serve. Remembers finished stages in a state file so a second run
 * skips them. Every wait has a deadline and says what it was waiting for when it runs out.
 */
public final class PipelineDriver {

    /** What to run. */
    public record Options(int images, int size, int steps, String data, String datasetName, String modelName) {
    }

    /** What happened, for the demo's summary and the end-to-end test's assertions. */
    public record Result(String crawlJobId, JsonNode crawlJob, String datasetVersion, JsonNode dataset, String runId,
                         JsonNode run, String modelVersion, JsonNode evaluation, boolean blessed,
                         byte[] lineArt, byte[] prediction, byte[] target, String sampleKey,
                         Map<String, Duration> stageTimes) {
    }

    private static final Set<String> JOB_DONE = Set.of("COMPLETED", "FAILED", "CANCELLED");
    private static final Set<String> RUN_DONE = Set.of("COMPLETED", "FAILED", "STOPPED");

    private final Platform platform;
    private final ObjectStore store;
    private final PrintStream out;
    private final boolean terminal;
    private final Path stateFile;
    private final ObjectNode state;

    public PipelineDriver(Platform platform, ObjectStore store, PrintStream out, boolean terminal, Path stateFile) {
        this.platform = platform;
        this.store = store;
        this.out = out;
        this.terminal = terminal;
        this.stateFile = stateFile;
        this.state = readState(stateFile);
    }

    public Result run(Options options) {
        Map<String, Duration> times = new LinkedHashMap<>();
        String dataLocation = options.data();

        // ---- crawl + clean
        JsonNode before = cleanerStats();
        String jobId = state.path("crawlJobId").asText(null);
        JsonNode job = jobId == null ? null : tryGet(platform.url(InkflowService.CRAWLER, "/crawl-jobs/" + jobId));
        boolean crawled = true;
        if (job != null && "COMPLETED".equals(job.path("state").asText()) && state.path("images").asInt() == options.images()) {
            out.println("  crawl     already done (job " + jobId + "), skipping");
            crawled = false;
        } else {
            Progress p = new Progress(out, "crawl", terminal);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("source", "openmoji");
            request.put("baseUrl", dataLocation);
            request.put("tags", List.of());
            request.put("maxImages", options.images());
            request.put("size", options.size());
            JsonNode created = Api.post(platform.url(InkflowService.CRAWLER, "/crawl-jobs"), request);
            jobId = created.path("id").asText();
            String id = jobId;
            job = await("crawl job " + jobId, Duration.ofMinutes(15), () -> {
                JsonNode j = Api.get(platform.url(InkflowService.CRAWLER, "/crawl-jobs/" + id));
                JsonNode c = j.path("counts");
                long done = c.path("stored").asLong() + c.path("duplicates").asLong() + c.path("failed").asLong() + skipped(c);
                p.update(done, options.images(), "stored " + c.path("stored").asLong() + ", duplicates " + c.path("duplicates").asLong());
                return JOB_DONE.contains(j.path("state").asText()) ? j : null;
            });
            if (!"COMPLETED".equals(job.path("state").asText())) {
                throw new IllegalStateException("crawl job " + jobId + " ended " + job.path("state").asText() + ": " + job);
            }
            times.put("crawl", p.finish(job.path("counts").toString()));
            state.put("crawlJobId", jobId);
            state.put("images", options.images());
            saveState();
        }
        // Only images this run stored are new to the cleaner; a skipped crawl brings none.
        long stored = crawled ? job.path("counts").path("stored").asLong() : 0;
        Progress clean = new Progress(out, "clean", terminal);
        long base = processed(before);
        JsonNode stats = await("the cleaner to process " + stored + " new images", Duration.ofMinutes(10), () -> {
            JsonNode s = cleanerStats();
            long done = processed(s) - base;
            clean.update(done, stored, "accepted " + s.path("accepted").asLong() + ", rejected " + s.path("rejected").asLong());
            return done >= stored ? s : null;
        });
        times.put("clean", clean.finish("accepted " + stats.path("accepted").asLong() + ", rejected " + stats.path("rejected").asLong()
                + " (rules: " + stats.path("rejectedByRule") + ")"));

        // ---- dataset snapshot
        String datasetVersion = state.path("datasetVersion").asText(null);
        JsonNode dataset = datasetVersion == null || state.path("crawlJobId").asText("").isEmpty() || !jobId.equals(state.path("datasetFor").asText())
                ? null : tryGet(platform.url(InkflowService.CLEANER, "/datasets/" + options.datasetName() + "/versions/" + datasetVersion));
        if (dataset != null && "PUBLISHED".equals(dataset.path("state").asText())) {
            out.println("  dataset   already published (" + options.datasetName() + " " + datasetVersion + "), skipping");
        } else {
            Progress p = new Progress(out, "dataset", terminal);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("name", options.datasetName());
            request.put("imageSize", options.size());
            request.put("lineArt", "paired");
            JsonNode created = Api.post(platform.url(InkflowService.CLEANER, "/datasets"), request);
            String version = created.path("version").asText();
            dataset = await("dataset " + options.datasetName() + " " + version, Duration.ofMinutes(10), () -> {
                JsonNode d = Api.get(platform.url(InkflowService.CLEANER, "/datasets/" + options.datasetName() + "/versions/" + version));
                String s = d.path("state").asText();
                p.update("PUBLISHED".equals(s) ? 1 : 0, 1, s);
                if ("FAILED".equals(s)) {
                    throw new IllegalStateException("dataset build failed: " + d);
                }
                return "PUBLISHED".equals(s) ? d : null;
            });
            datasetVersion = version;
            times.put("dataset", p.finish(options.datasetName() + " " + version + " " + dataset.path("counts")));
            state.put("datasetVersion", version);
            state.put("datasetFor", jobId);
            state.remove("runId");
            saveState();
        }

        // ---- train
        String runId = state.path("runId").asText(null);
        JsonNode run = runId == null ? null : tryGet(platform.url(InkflowService.TRAINER, "/runs/" + runId));
        if (run != null && "COMPLETED".equals(run.path("state").asText()) && state.path("steps").asInt() == options.steps()) {
            out.println("  train     already done (run " + runId + ", model version " + run.path("modelVersion").asText() + "), skipping");
        } else {
            Progress p = new Progress(out, "train", terminal);
            Map<String, Object> hyper = new LinkedHashMap<>();
            hyper.put("steps", options.steps());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("datasetName", options.datasetName());
            request.put("datasetVersion", datasetVersion);
            request.put("modelName", options.modelName());
            request.put("hyperparameters", hyper);
            JsonNode created = Api.post(platform.url(InkflowService.TRAINER, "/runs"), request);
            runId = created.path("id").asText();
            String id = runId;
            List<String> losses = new ArrayList<>();
            run = await("training run " + runId, Duration.ofMinutes(30), () -> {
                JsonNode r = Api.get(platform.url(InkflowService.TRAINER, "/runs/" + id));
                String loss = r.path("trainLoss").isNumber() ? String.format("loss %.4f", r.path("trainLoss").asDouble()) : "";
                String val = r.path("validationLoss").isNumber() ? String.format("  val %.4f", r.path("validationLoss").asDouble()) : "";
                if (!terminal && !loss.isEmpty() && (losses.isEmpty() || !losses.get(losses.size() - 1).equals(loss))) {
                    losses.add(loss);
                }
                p.update(r.path("step").asLong(), options.steps(), loss + val);
                return RUN_DONE.contains(r.path("state").asText()) ? r : null;
            });
            if (!"COMPLETED".equals(run.path("state").asText())) {
                throw new IllegalStateException("training run " + runId + " ended " + run.path("state").asText() + ": " + run);
            }
            times.put("train", p.finish(String.format("run %s, train loss %.4f, validation loss %.4f, model version %s",
                    runId, run.path("trainLoss").asDouble(), run.path("validationLoss").asDouble(), run.path("modelVersion").asText())));
            state.put("runId", runId);
            state.put("steps", options.steps());
            saveState();
        }
        String modelVersion = run.path("modelVersion").asText();
        if (modelVersion.isEmpty()) {
            throw new IllegalStateException("run " + runId + " completed without a model version: " + run);
        }

        // ---- evaluate + promote
        Progress ev = new Progress(out, "evaluate", terminal);
        JsonNode evaluation = await("the evaluation of " + options.modelName() + " " + modelVersion, Duration.ofMinutes(10), () -> {
            JsonNode versions = Api.get(platform.url(InkflowService.EVALUATOR, "/models/" + options.modelName() + "/versions"));
            for (JsonNode v : versions.isArray() ? versions : versions.path("versions")) {
                if (modelVersion.equals(v.path("version").asText())) {
                    String s = v.path("state").asText();
                    ev.update(Set.of("BLESSED", "REJECTED", "FAILED").contains(s) ? 1 : 0, 1, s);
                    return Set.of("BLESSED", "REJECTED", "FAILED").contains(s) ? v : null;
                }
            }
            ev.update(0, 1, "waiting for the candidate");
            return null;
        });
        boolean blessed = "BLESSED".equals(evaluation.path("state").asText());
        times.put("evaluate", ev.finish(evaluation.path("state").asText() + " " + evaluation.path("metrics")));
        if (!blessed) {
            out.println("  the evaluator did not bless version " + modelVersion + ": " + evaluation.path("checks")
                    + "\n  promoting it anyway, by hand, so the demo can serve it (recorded as a manual promotion)");
            Api.post(platform.url(InkflowService.EVALUATOR, "/models/" + options.modelName() + "/promote"),
                    Map.of("version", modelVersion, "alias", "production"));
        }

        // ---- serve
        Progress sv = new Progress(out, "serve", terminal);
        await("inference to serve " + options.modelName() + " " + modelVersion, Duration.ofMinutes(5), () -> {
            JsonNode m = tryGet(platform.url(InkflowService.INFERENCE, "/v2/models/" + options.modelName()));
            boolean serving = m != null && m.path("versions").toString().contains("\"" + modelVersion + "\"")
                    && Platform.httpStatus(platform.url(InkflowService.INFERENCE, "/v2/models/" + options.modelName() + "/ready")) == 200;
            sv.update(serving ? 1 : 0, 1, serving ? "serving" : "loading");
            return serving ? m : null;
        });
        DatasetManifest manifest = DatasetManifest.read(store.get(Keys.datasetManifest(options.datasetName(), datasetVersion)));
        DatasetManifest.Sample sample = firstSample(manifest);
        byte[] lineArt = store.get(sample.inputKey());
        byte[] target = store.get(sample.targetKey());
        HttpResponse<byte[]> colored = Api.postBytes(platform.url(InkflowService.INFERENCE, "/colorize"), lineArt, "image/png");
        if (colored.statusCode() != 200) {
            throw new IllegalStateException("/colorize answered " + colored.statusCode() + ": " + new String(colored.body()));
        }
        times.put("serve", sv.finish("model " + options.modelName() + " " + modelVersion + " answers /colorize"));
        return new Result(jobId, job, datasetVersion, dataset, runId, run, modelVersion, evaluation, blessed,
                lineArt, colored.body(), target, sample.inputKey(), times);
    }

    private static DatasetManifest.Sample firstSample(DatasetManifest manifest) {
        for (String split : List.of(DatasetManifest.TEST, DatasetManifest.VALIDATION, DatasetManifest.TRAIN)) {
            if (!manifest.split(split).isEmpty()) {
                return manifest.split(split).get(0);
            }
        }
        throw new IllegalStateException("the dataset manifest of " + manifest.name() + "/" + manifest.version()
                + " lists no samples");
    }

    private JsonNode cleanerStats() {
        return Api.get(platform.url(InkflowService.CLEANER, "/samples/stats"));
    }

    private static long processed(JsonNode stats) {
        return stats.path("accepted").asLong() + stats.path("rejected").asLong();
    }

    private static long skipped(JsonNode counts) {
        long n = 0;
        JsonNode skipped = counts.path("skipped");
        if (skipped.isObject()) {
            for (JsonNode v : skipped) {
                n += v.asLong();
            }
        } else {
            n = skipped.asLong();
        }
        return n;
    }

    private static JsonNode tryGet(String url) {
        try {
            return Api.get(url);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Polls {@code check} (null = not yet) every 500 ms until it answers or the deadline passes. */
    static <T> T await(String what, Duration timeout, Supplier<T> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = check.get();
                if (value != null) {
                    return value;
                }
            } catch (Api.ApiException e) {
                last = e;
                if (e.status / 100 == 4 && e.status != 404) {
                    throw e;
                }
            } catch (IllegalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(500); // polling another process's REST API; there is nothing to block on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("gave up waiting for " + what + " after " + timeout
                + (last == null ? "" : "; last error: " + last.getMessage()));
    }

    private static ObjectNode readState(Path file) {
        try {
            if (file != null && Files.isRegularFile(file)) {
                return (ObjectNode) EventJson.MAPPER.readTree(Files.readString(file));
            }
        } catch (IOException | ClassCastException e) {
            // A damaged state file only means the stages run again.
        }
        return EventJson.MAPPER.createObjectNode();
    }

    private void saveState() {
        if (stateFile == null) {
            return;
        }
        try {
            Files.writeString(stateFile, EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
