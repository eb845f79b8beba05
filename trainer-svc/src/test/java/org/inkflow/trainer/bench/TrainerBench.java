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
 * side per candidate cost: clipping off, diagnostics every step, TensorFlow threads, the twin fed copies; or a
 * comma-separated list of words naming the ablations to run, e.g. {@code Identity,threads}).
 */
public final class TrainerBench {

    private TrainerBench() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String down = System.getProperty("bench.downsampling", "strided_conv");
        String ablations = System.getProperty("bench.ablate", "false");
        boolean ablate = !ablations.equals("false");
        only = ablations.equals("true") ? List.of() : List.of(ablations.split(","));
        int size = 64;
        System.out.printf(Locale.ROOT, "device: %s; %d steps, %d samples of %dx%d, downsampling %s, %d rounds%n",
                Devices.describe(), steps, samples, size, size, down, rounds);
        ShapesData data = new ShapesData(1, samples, 32, size, size);
        TrainingData training = data.trainingData();
        Map<String, Object> base = Map.of("steps", steps, "batchSize", 16, "validateEvery", 50,
                "checkpointEvery", 50, "logEvery", 10, "downsampling", down);
        Hyperparameters h = Hyperparameters.parse(base);
        List<ImageBatch[]> batches = batches(data, 16);

        Supplier<double[]> twin = () -> twin(h, batches, steps, false);
        Supplier<double[]> bare = () -> bare(h, training, batches, steps, 0, false);
        Supplier<double[]> service = () -> service(h, training, 0, TrainingLoop.DIAGNOSTICS_EVERY);
        Map<String, Supplier<double[]>> sides = new LinkedHashMap<>();
        sides.put("minimal twin", twin);
        sides.put("bare loop", bare);
        sides.put("service loop", service);
        Map<String, List<double[]>> results = interleave(sides, rounds);
        System.out.printf(Locale.ROOT, "%nmedians of %d interleaved rounds, samples/s of wall time | of CPU time over"
                + " %d cores (ratio = median of the rounds' side / twin):%n", rounds,
                Runtime.getRuntime().availableProcessors());
        report(results, "bare loop", 0, "bare loop");
        report(results, "service loop", 0, "service loop, steady state");
        report(results, "service loop", 2, "service loop, end to end");
        System.out.printf(Locale.ROOT, "service loop: %.2f s of each run waiting for data (median)%n",
                median(results.get("service loop"), 4));
        if (ablate) {
            System.out.printf(Locale.ROOT, "%nablations: each candidate against its reference, %d interleaved rounds"
                    + " (ratio = median of the rounds' variant / reference; wall | CPU):%n", rounds);
            ablation("twin: inputs copied each step", twin, () -> twin(h, batches, steps, true), rounds);
            ablation("twin: Identity before each LeakyReLU", twin, () -> twin(h, batches, steps, false, true), rounds);
            ablation("bare: clipNorm 0 (no global-norm clipping)", bare,
                    () -> bare(with(base, "clipNorm", 0), training, batches, steps, 0, false), rounds);
            ablation("bare: layer stats fetched every step", bare,
                    () -> bare(h, training, batches, steps, 0, true), rounds);
            ablation("bare: 1 TF thread (intra 1, inter 1)", bare,
                    () -> bare(h, training, batches, steps, 1, false), rounds);
            ablation("bare: 2 TF threads (intra 2, inter 2)", bare,
                    () -> bare(h, training, batches, steps, 2, false), rounds);
            ablation("service: diagnostics at every logged step (before)", service,
                    () -> service(h, training, 0, 1), rounds);
            ablation("service: no step log or diagnostics (logEvery 10^6)", service,
                    () -> service(with(base, "logEvery", 1_000_000), training, 0, TrainingLoop.DIAGNOSTICS_EVERY), rounds);
        }
        double[] bare1 = bare(h, training, batches(data, 1), Math.max(20, steps), 0, false);
        System.out.printf(Locale.ROOT, "%nbare loop, batch 1: %.1f samples/s (batch 1 / batch 16 = %.2f)%n", bare1[0],
                bare1[0] / median(results.get("bare loop"), 0));
    }

    /** Runs every side once per round, each round in a rotated order; answers each side's results by round. */
    static Map<String, List<double[]>> interleave(Map<String, Supplier<double[]>> sides, int rounds) {
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        sides.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        List<String> names = new ArrayList<>(sides.keySet());
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                double[] r = sides.get(name).get();
                results.get(name).add(r);
                System.out.printf(Locale.ROOT, "  round %d  %-28s %s%n", round + 1, name, Arrays.toString(
                        Arrays.stream(r).map(v -> Math.round(v * 10) / 10.0).toArray()));
            }
        }
        return results;
    }

    /** Prints the medians of {@code side}'s values {@code index} (wall) and {@code index + 1} (CPU), and their ratios. */
    private static void report(Map<String, List<double[]>> results, String side, int index, String label) {
        List<double[]> ref = results.get("minimal twin");
        List<double[]> r = results.get(side);
        System.out.printf(Locale.ROOT, "%-34s %7.1f | %7.1f samples/s  (/ twin = %.2f | %.2f)%n", label,
                median(r, index), median(r, index + 1), ratio(r, index, ref, 0), ratio(r, index + 1, ref, 1));
    }

    /** The ablations to run, by a word of their name; empty: all. */
    private static List<String> only = List.of();

    private static void ablation(String name, Supplier<double[]> reference, Supplier<double[]> variant, int rounds) {
        if (!only.isEmpty() && only.stream().noneMatch(name::contains)) {
            return;
        }
        Map<String, Supplier<double[]>> sides = new LinkedHashMap<>();
        sides.put("reference", reference);
        sides.put(name, variant);
        Map<String, List<double[]>> r = interleave(sides, rounds);
        List<double[]> ref = r.get("reference");
        List<double[]> v = r.get(name);
        System.out.printf(Locale.ROOT, "%-52s %7.1f -> %7.1f | %7.1f -> %7.1f  (variant / reference = %.2f | %.2f)%n",
                name, median(ref, 0), median(v, 0), median(ref, 1), median(v, 1), ratio(v, 0, ref, 0),
                ratio(v, 1, ref, 1));
    }

    /** The median over rounds of {@code a[i][ai] / b[i][bi]}: each round's ratio is of runs close in time. */
    static double ratio(List<double[]> a, int ai, List<double[]> b, int bi) {
        List<double[]> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(new double[] {a.get(i)[ai] / b.get(i)[bi]});
        }
        return median(ratios, 0);
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

    /** {wall-clock nanos, process CPU nanos}. */
    static long[] clock() {
        return new long[] {System.nanoTime(), ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()};
    }

    /**
     * {samples per wall-clock second, samples per CPU second of the process divided by the cores}: the second is what
     * the work would reach on idle cores, and moves less when other processes share them (TensorFlow's spinning
     * threads count as work, so it is an estimate).
     */
    static double[] rates(double samples, long[] start) {
        long[] now = clock();
        int cores = Runtime.getRuntime().availableProcessors();
        return new double[] {samples / ((now[0] - start[0]) / 1e9), samples / ((now[1] - start[1]) / 1e9 / cores)};
    }

    private static double[] twin(Hyperparameters h, List<ImageBatch[]> batches, int steps, boolean copies) {
        return twin(h, batches, steps, copies, false);
    }

    private static double[] twin(Hyperparameters h, List<ImageBatch[]> batches, int steps, boolean copies,
                                 boolean identity) {
        try (MinimalTwin twin = new MinimalTwin(h.modelConfig(), (float) h.learningRate(), identity)) {
            return twin.samplesPerSecond(batches, 3, steps, copies);
        }
    }

    /** The project's graph alone: Adam steps on batches stacked in memory up front, nothing else. */
    private static double[] bare(Hyperparameters h, TrainingData training, List<ImageBatch[]> batches, int steps,
                               int threads, boolean layerStats) {
        try (TrainingGraph graph = new TrainingGraph(h.graphOptions(training.normalization(), training.meanColor(),
                threads))) {
            long[] start = null;
            for (int s = 0; s < steps + 3; s++) {
                if (s == 3) {
                    start = clock();
                }
                ImageBatch[] xy = batches.get(s % batches.size());
                graph.step(xy[0], xy[1], (float) h.learningRate(), s, layerStats);
            }
            return rates(steps * (double) batches.get(0)[0].n(), start);
        }
    }

    /**
     * The service's loop; answers {steady-state samples/s (the median of 10-step windows: a window with a validation
     * or checkpoint in it is not steady state) of wall and CPU time, end-to-end samples/s of wall and CPU time, seconds
     * waiting for data}.
     */
    private static double[] service(Hyperparameters h, TrainingData training, int threads, int diagnosticsEvery) {
        Path work;
        try {
            work = Files.createTempDirectory("trainer-bench");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<double[]> windows = new ArrayList<>();
        long[][] last = {clock(), {0}};
        RunRecorder recorder = new RunRecorder() {
            @Override
            public void step(StepRecord r) {
                // Windows of 10 steps timed here (not by the step log, whose cadence is a hyperparameter).
                if (r.step() % 10 == 0) {
                    if (r.step() > 10) {
                        windows.add(rates((r.step() - last[1][0]) * (double) h.batchSize(), last[0]));
                    }
                    last[0] = clock();
                    last[1][0] = r.step();
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
                work, 0, diagnosticsEvery), recorder, () -> false);
        long[] start = clock();
        TrainingLoop.Outcome o = loop.run(Optional.empty());
        double[] total = rates(h.steps() * (double) h.batchSize(), start);
        TrainingLoop.deleteDirectory(work);
        return new double[] {median(windows, 0), median(windows, 1), total[0], total[1], o.dataWaitSeconds()};
    }
}
