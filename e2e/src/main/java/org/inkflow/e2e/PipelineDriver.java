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
import org.inkflow.common.keys.Keys;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.storage.ObjectStore;

/**
 * Starts a crawl (OpenMoji importer) and watches the event chain do the rest by itself: clean -> dataset snapshot
 * (the cleaner's continuous-dataset policy) -> train (the trainer's continuous training) -> evaluate and promote
 * (the evaluator promotes what it blesses) -> serve. Its only request that changes anything is the crawl job; the
 * rest is GETs. {@link Options#serviceProperties()} turns the demo's options into those policies' settings for the
 * services it starts. Remembers the finished crawl in a state file so a second run skips it. Every wait has a
 * deadline and says what it was waiting for when it runs out.
 */
public final class PipelineDriver {

    /** What to run. */
    public record Options(int images, int size, int steps, String data, String datasetName, String modelName,
                          Map<String, String> hyperparameters, Duration trainingWait) {

        /** The trainer's defaults but for {@code steps}; training may take up to 30 minutes. */
        public Options(int images, int size, int steps, String data, String datasetName, String modelName) {
            this(images, size, steps, data, datasetName, modelName, Map.of(), Duration.ofMinutes(30));
        }

        public Options {
            hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
            trainingWait = trainingWait == null ? Duration.ofMinutes(30) : trainingWait;
        }

        /** The same options reading from {@code data} (a located OpenMoji package). */
        public Options withData(String data) {
            return new Options(images, size, steps, data, datasetName, modelName, hyperparameters, trainingWait);
        }

        /**
         * The services' continuous-training settings that make this run: the cleaner builds {@code datasetName} at
         * {@code size} once a crawl's samples stop arriving, the trainer trains it for {@code steps} into
         * {@code modelName}, and the evaluator promotes what it blesses. Passed as system properties.
         */
        public Map<InkflowService, Map<String, String>> serviceProperties() {
            Map<InkflowService, Map<String, String>> p = new java.util.EnumMap<>(InkflowService.class);
            p.put(InkflowService.CLEANER, Map.of(
                    "inkflow.cleaner.auto-dataset.enabled", "true",
                    "inkflow.cleaner.auto-dataset.name", datasetName,
                    "inkflow.cleaner.auto-dataset.image-size", String.valueOf(size),
                    "inkflow.cleaner.auto-dataset.line-art", "paired",
                    // A tenth of the crawl is enough for a version; a crawl adds its samples within seconds of each
                    // other, so 15 s without one means it is over, and one crawl makes one version.
                    "inkflow.cleaner.auto-dataset.min-new-samples", String.valueOf(Math.max(1, images / 10)),
                    "inkflow.cleaner.auto-dataset.quiet-period", "PT15S",
                    "inkflow.cleaner.auto-dataset.max-delay", "PT0S"));
            Map<String, String> trainer = new java.util.LinkedHashMap<>();
            trainer.put("inkflow.trainer.auto-train.enabled", "true");
            trainer.put("inkflow.trainer.auto-train.model-name", modelName);
            hyperparameters.forEach((name, value) -> trainer.put("inkflow.trainer.auto-train.hyperparameters." + name, value));
            trainer.put("inkflow.trainer.auto-train.hyperparameters.steps", String.valueOf(steps));
            p.put(InkflowService.TRAINER, Map.copyOf(trainer));
            p.put(InkflowService.EVALUATOR, Map.of("inkflow.evaluator.promote-on-bless", "true"));
            return p;
        }
    }

    /** What happened, for the demo's summary and the end-to-end test's assertions. */
    public record Result(String crawlJobId, JsonNode crawlJob, String datasetVersion, JsonNode dataset, String runId,
                         JsonNode run, String modelVersion, JsonNode evaluation, boolean blessed,
                         byte[] lineArt, byte[] prediction, byte[] target, String sampleKey,
                         Map<String, Duration> stageTimes, List<String> changeRequests) {
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
        // Every request that changes state, for the end-to-end test: the crawl job and nothing else.
        List<String> changeRequests = new ArrayList<>();
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
            changeRequests.add("POST /crawl-jobs");
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

        // ---- dataset: the cleaner builds a version by itself once the new samples stop arriving
        Progress dp = new Progress(out, "dataset", terminal);
        JsonNode auto = await("the cleaner's automatic dataset " + options.datasetName(), Duration.ofMinutes(10), () -> {
            JsonNode a = Api.get(platform.url(InkflowService.CLEANER, "/auto-dataset"));
            String s = a.path("state").asText();
            String version = a.path("latestVersion").asText("");
            dp.update("IDLE".equals(s) && !version.isEmpty() ? 1 : 0, 1, s.toLowerCase(java.util.Locale.ROOT) + ", "
                    + a.path("newSamples").asLong() + " new samples (a version after " + a.path("minNewSamples").asLong()
                    + " and " + a.path("quietPeriod").asText() + " quiet)");
            switch (s) {
                case "OFF" -> throw new IllegalStateException("continuous datasets are off in cleaner-svc"
                        + " (inkflow.cleaner.auto-dataset.enabled=false); build one with POST /datasets");
                case "FAILED" -> throw new IllegalStateException("the automatic dataset build failed: " + a.path("lastError").asText());
                case "IDLE" -> {
                    if (version.isEmpty()) {
                        throw new IllegalStateException("no dataset version: " + a.path("newSamples").asLong()
                                + " accepted samples are fewer than the " + a.path("minNewSamples").asLong()
                                + " a version needs (inkflow.cleaner.auto-dataset.min-new-samples); crawl more with --images");
                    }
                    return a;
                }
                default -> {
                    return null;
                }
            }
        });
        String datasetName = auto.path("dataset").asText();
        String datasetVersion = auto.path("latestVersion").asText();
        JsonNode dataset = Api.get(platform.url(InkflowService.CLEANER, "/datasets/" + datasetName + "/versions/" + datasetVersion));
        times.put("dataset", dp.finish(datasetName + " " + datasetVersion + " " + dataset.path("counts")));

        // ---- train: the trainer trains each new dataset version by itself
        Progress tp = new Progress(out, "train", terminal);
        JsonNode run = await("the training run of dataset " + datasetName + " " + datasetVersion, options.trainingWait(), () -> {
            JsonNode r = runOf(datasetName, datasetVersion);
            if (r == null) {
                tp.update(0, options.steps(), "waiting for the trainer to pick up the dataset");
                return null;
            }
            String loss = r.path("trainLoss").isNumber() ? String.format("loss %.4f", r.path("trainLoss").asDouble()) : "";
            String val = r.path("validationLoss").isNumber() ? String.format("  val %.4f", r.path("validationLoss").asDouble()) : "";
            tp.update(r.path("step").asLong(), r.path("totalSteps").asLong(options.steps()), loss + val);
            return RUN_DONE.contains(r.path("state").asText()) ? r : null;
        });
        String runId = run.path("id").asText();
        if (!"COMPLETED".equals(run.path("state").asText())) {
            throw new IllegalStateException("training run " + runId + " ended " + run.path("state").asText() + ": " + run);
        }
        times.put("train", tp.finish(String.format("run %s, train loss %.4f, validation loss %.4f, model version %s",
                runId, run.path("trainLoss").asDouble(), run.path("validationLoss").asDouble(), run.path("modelVersion").asText())));
        int trainedSteps = run.path("hyperparameters").path("steps").asInt(options.steps());
        if (trainedSteps != options.steps()) {
            out.println("  note: run " + runId + " trained " + trainedSteps + " steps; --steps " + options.steps()
                    + " applies to dataset versions built from now on");
        }
        String modelVersion = run.path("modelVersion").asText();
        if (modelVersion.isEmpty()) {
            throw new IllegalStateException("run " + runId + " completed without a model version: " + run);
        }

        // ---- evaluate: the evaluator scores every candidate and promotes what it blesses
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
            throw new IllegalStateException("the evaluator did not bless " + options.modelName() + " version " + modelVersion
                    + " (" + evaluation.path("state").asText() + "): " + evaluation.path("checks")
                    + "\n  so nothing new is served. Train longer (--steps) on more images (--images), or promote it by hand:"
                    + "\n  curl -X POST -H 'Content-Type: application/json' -d '{\"version\":\"" + modelVersion
                    + "\",\"alias\":\"production\",\"force\":true}' "
                    + platform.url(InkflowService.EVALUATOR, "/models/" + options.modelName() + "/promote"));
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
        DatasetManifest manifest = DatasetManifest.read(store.get(Keys.datasetManifest(datasetName, datasetVersion)));
        DatasetManifest.Sample sample = firstSample(manifest);
        byte[] lineArt = store.get(sample.inputKey());
        byte[] target = store.get(sample.targetKey());
        HttpResponse<byte[]> colored = Api.postBytes(platform.url(InkflowService.INFERENCE, "/colorize"), lineArt, "image/png");
        if (colored.statusCode() != 200) {
            throw new IllegalStateException("/colorize answered " + colored.statusCode() + ": " + new String(colored.body()));
        }
        times.put("serve", sv.finish("model " + options.modelName() + " " + modelVersion + " answers /colorize"));
        return new Result(jobId, job, datasetVersion, dataset, runId, run, modelVersion, evaluation, blessed,
                lineArt, colored.body(), target, sample.inputKey(), times, List.copyOf(changeRequests));
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

    /** The first run trained on a dataset version (the one continuous training started), or null. */
    private JsonNode runOf(String datasetName, String datasetVersion) {
        JsonNode first = null;
        for (JsonNode r : Api.get(platform.url(InkflowService.TRAINER, "/runs"))) {
            if (datasetName.equals(r.path("datasetName").asText()) && datasetVersion.equals(r.path("datasetVersion").asText())
                    && (first == null || r.path("createdAt").asText().compareTo(first.path("createdAt").asText()) < 0)) {
                first = r;
            }
        }
        return first;
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
