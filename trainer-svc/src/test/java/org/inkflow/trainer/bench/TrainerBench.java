package org.inkflow.trainer.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.Devices;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.trainer.data.DecodedSample;
import org.inkflow.trainer.data.SampleDecoder;
import org.inkflow.trainer.data.TrainingData;
import org.inkflow.trainer.training.CheckpointState;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.RunRecorder;
import org.inkflow.trainer.training.ShapesData;
import org.inkflow.trainer.training.StepRecord;
import org.inkflow.trainer.training.TrainingLoop;
import org.inkflow.trainer.training.ValidationRecord;

/**
 * Training throughput at 64x64 with the default U-Net (width 16, depth 2, batch 16), in one process: a minimal
 * TensorFlow Java loop of the same shape ({@link MinimalTwin}, the TF Java limit), the project's bare loop
 * ({@link TrainingGraph#step} on pre-decoded in-memory batches) and the service's {@link TrainingLoop} (input
 * pipeline decoding PNGs on a background thread with augmentation, step log and diagnostics, validation and
 * checkpoints). The sides are interleaved for {@code rounds} rounds (each round in a rotated order) so the load of a
 * shared machine falls on all of them; the table shows the medians and their ratios to the twin.
 *
 * <p>Usage: {@code TrainerBench [steps=100] [samples=256] [rounds=3]}; system properties
 * {@code bench.downsampling} (strided_conv, the default model, or max_pool) and {@code bench.ablate=true} (adds one
 * side per candidate cost: clipping off, diagnostics every step, TensorFlow threads, the twin fed copies).
 */
public final class TrainerBench {

    private TrainerBench() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String down = System.getProperty("bench.downsampling", "strided_conv");
        boolean ablate = Boolean.getBoolean("bench.ablate");
        int size = 64;
        System.out.printf(Locale.ROOT, "device: %s; %d steps, %d samples of %dx%d, downsampling %s, %d rounds%n",
                Devices.describe(), steps, samples, size, size, down, rounds);
        ShapesData data = new ShapesData(1, samples, 32, size, size);
        TrainingData training = data.trainingData();
        Map<String, Object> base = Map.of("steps", steps, "batchSize", 16, "validateEvery", 50,
                "checkpointEvery", 50, "logEvery", 10, "downsampling", down);
        Hyperparameters h = Hyperparameters.parse(base);
        List<ImageBatch[]> batches = batches(data, 16);

        Map<String, Supplier<double[]>> sides = new LinkedHashMap<>();
        sides.put("minimal twin", () -> new double[] {twin(h, batches, steps, false)});
        sides.put("bare loop", () -> new double[] {bare(h, training, batches, steps, 0, false)});
        sides.put("service loop", () -> service(h, training, 0));
        if (ablate) {
            sides.put("twin, inputs copied each step", () -> new double[] {twin(h, batches, steps, true)});
            sides.put("bare, clipNorm 0", () -> new double[] {bare(with(base, "clipNorm", 0), training, batches,
                    steps, 0, false)});
            sides.put("bare, layer stats every step", () -> new double[] {bare(h, training, batches, steps, 0, true)});
            sides.put("bare, 1 TF thread", () -> new double[] {bare(h, training, batches, steps, 1, false)});
            sides.put("bare, 2 TF threads", () -> new double[] {bare(h, training, batches, steps, 2, false)});
            sides.put("service, logEvery 1000000", () -> service(with(base, "logEvery", 1_000_000), training, 0));
        }
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        sides.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        List<String> names = new ArrayList<>(sides.keySet());
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                double[] r = sides.get(name).get();
                results.get(name).add(r);
                System.out.printf(Locale.ROOT, "round %d  %-32s %s%n", round + 1, name, Arrays.toString(r));
            }
        }
        double twin = median(results.get("minimal twin"), 0);
        System.out.printf(Locale.ROOT, "%nmedians of %d interleaved rounds (samples/s; ratio to the minimal twin):%n",
                rounds);
        for (String name : names) {
            double v = median(results.get(name), 0);
            System.out.printf(Locale.ROOT, "%-38s %8.1f  (%s / twin = %.2f)%n", name.startsWith("service")
                    ? name + ", steady state" : name, v, name, v / twin);
            if (name.startsWith("service")) {
                double e2e = median(results.get(name), 1);
                System.out.printf(Locale.ROOT, "%-38s %8.1f  (%s, end to end / twin = %.2f; %.2f s waiting for data)%n",
                        name + ", end to end", e2e, name, e2e / twin, median(results.get(name), 2));
            }
        }
        double bare1 = bare(h, training, batches(data, 1), Math.max(20, steps), 0, false);
        System.out.printf(Locale.ROOT, "bare loop, batch 1: %.1f samples/s (batch 1 / batch 16 = %.2f)%n", bare1,
                bare1 / median(results.get("bare loop"), 0));
    }

    private static Hyperparameters with(Map<String, Object> base, String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(name, value);
        return Hyperparameters.parse(m);
    }

    static double median(List<double[]> runs, int index) {
        double[] v = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Up to 16 batches of {@code batch} decoded samples ({line art, color}), stacked in memory once. */
    private static List<ImageBatch[]> batches(ShapesData data, int batch) {
        List<ImageBatch[]> batches = new ArrayList<>();
        SampleDecoder decoder = new SampleDecoder(data.height, data.width);
        for (int b = 0; (b + 1) * batch <= data.train.size() && batches.size() < 16; b++) {
            List<DecodedSample> part = new ArrayList<>();
            for (int i = b * batch; i < (b + 1) * batch; i++) {
                part.add(decoder.decode(data.fetch(data.train.get(i)), "s" + i));
            }
            batches.add(TrainingLoop.stack(part));
        }
        return batches;
    }

    private static double twin(Hyperparameters h, List<ImageBatch[]> batches, int steps, boolean copies) {
        try (MinimalTwin twin = new MinimalTwin(h.modelConfig(), (float) h.learningRate())) {
            return twin.samplesPerSecond(batches, 3, steps, copies);
        }
    }

    /** The project's graph alone: Adam steps on batches stacked in memory up front, nothing else. */
    private static double bare(Hyperparameters h, TrainingData training, List<ImageBatch[]> batches, int steps,
                               int threads, boolean layerStats) {
        try (TrainingGraph graph = new TrainingGraph(h.graphOptions(training.normalization(), training.meanColor(),
                threads))) {
            long start = 0;
            for (int s = 0; s < steps + 3; s++) {
                if (s == 3) {
                    start = System.nanoTime();
                }
                ImageBatch[] xy = batches.get(s % batches.size());
                graph.step(xy[0], xy[1], (float) h.learningRate(), s, layerStats);
            }
            return steps * (double) batches.get(0)[0].n() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The service's loop; answers {steady-state samples/s (the median of the step log's windows: a window with a
     * validation or checkpoint in it is not steady state), end-to-end samples/s, seconds waiting for data}.
     */
    private static double[] service(Hyperparameters h, TrainingData training, int threads) {
        Path work;
        try {
            work = Files.createTempDirectory("trainer-bench");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<double[]> windows = new ArrayList<>();
        long[] last = {System.nanoTime(), 0};
        RunRecorder recorder = new RunRecorder() {
            @Override
            public void step(StepRecord r) {
                // Windows of 10 steps timed here (not by the step log, whose cadence is a hyperparameter).
                if (r.step() % 10 == 0) {
                    long now = System.nanoTime();
                    if (r.step() > 10) {
                        windows.add(new double[] {(r.step() - last[1]) * h.batchSize() / ((now - last[0]) / 1e9)});
                    }
                    last[0] = now;
                    last[1] = r.step();
                }
            }

            @Override
            public void validation(ValidationRecord r, BufferedImage preview) {
            }

            @Override
            public void network(long step, Map<String, byte[]> pictures) {
            }

            @Override
            public void resumed(long step, double validationLoss) {
            }

            @Override
            public void checkpoint(CheckpointState state, Path prefix) {
            }
        };
        TrainingLoop loop = new TrainingLoop("bench", h, training, new TrainingLoop.Settings(threads, 1, 4, 4096, 4,
                work), recorder, () -> false);
        long start = System.nanoTime();
        TrainingLoop.Outcome o = loop.run(Optional.empty());
        double total = (System.nanoTime() - start) / 1e9;
        TrainingLoop.deleteDirectory(work);
        return new double[] {median(windows, 0), h.steps() * (double) h.batchSize() / total, o.dataWaitSeconds()};
    }
}
