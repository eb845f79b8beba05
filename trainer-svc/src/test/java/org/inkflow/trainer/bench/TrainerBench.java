package org.inkflow.trainer.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inkflow.model.training.Devices;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.trainer.training.CheckpointState;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.RunRecorder;
import org.inkflow.trainer.training.ShapesData;
import org.inkflow.trainer.training.StepRecord;
import org.inkflow.trainer.data.TrainingData;
import org.inkflow.trainer.training.TrainingLoop;
import org.inkflow.trainer.training.ValidationRecord;

/**
 * Training throughput at 64x64 with the default U-Net (width 16, depth 2, batch 16): the service's training loop
 * (input pipeline decoding PNGs on a background thread with augmentation, per-layer diagnostics every 10 steps,
 * validation and checkpoints) against a bare TensorFlow Java loop over the same model and pre-decoded in-memory
 * batches, in one process; prints samples/s of each and their ratio (what the pipeline and bookkeeping cost),
 * and batch 1 against batch 16 on the bare loop. Usage: {@code TrainerBench [steps=100] [samples=256]}.
 */
public final class TrainerBench {

    private TrainerBench() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int size = 64;
        System.out.printf(Locale.ROOT, "device: %s; %d steps, %d samples of %dx%d%n", Devices.describe(), steps, samples,
                size, size);
        ShapesData data = new ShapesData(1, samples, 32, size, size);
        TrainingData training = data.trainingData();
        Hyperparameters h = Hyperparameters.parse(Map.of("steps", steps, "batchSize", 16, "validateEvery", 50,
                "checkpointEvery", 50, "logEvery", 10));

        double bare16 = bare(h, training, data, 16, steps);
        double bare1 = bare(h, training, data, 1, Math.max(20, steps));
        double[] service = service(h, training);
        System.out.printf(Locale.ROOT, "bare TF loop, batch 16:      %8.1f samples/s%n", bare16);
        System.out.printf(Locale.ROOT, "bare TF loop, batch 1:       %8.1f samples/s  (batch 1 / batch 16 = %.2f)%n",
                bare1, bare1 / bare16);
        System.out.printf(Locale.ROOT, "service loop, steady state:  %8.1f samples/s  (service / bare = %.2f)%n",
                service[0], service[0] / bare16);
        System.out.printf(Locale.ROOT, "service loop, end to end:    %8.1f samples/s  (with validation, checkpoints;"
                + " service / bare = %.2f; %.2f s waiting for data)%n", service[1], service[1] / bare16, service[2]);
    }

    /** The reference: Adam steps on batches stacked in memory up front, nothing else. */
    private static double bare(Hyperparameters h, TrainingData training, ShapesData data, int batch, int steps) {
        List<ImageBatch[]> batches = new ArrayList<>();
        var decoder = new org.inkflow.trainer.data.SampleDecoder(data.height, data.width);
        for (int b = 0; b * batch < data.train.size() && batches.size() < 16; b++) {
            List<org.inkflow.trainer.data.DecodedSample> part = new ArrayList<>();
            for (int i = b * batch; i < Math.min(data.train.size(), (b + 1) * batch); i++) {
                part.add(decoder.decode(data.fetch(data.train.get(i)), "s" + i));
            }
            if (part.size() == batch) {
                batches.add(stack(part));
            }
        }
        try (TrainingGraph graph = new TrainingGraph(h.graphOptions(training.normalization(), training.meanColor(), 0))) {
            for (int s = 0; s < 3; s++) {
                ImageBatch[] xy = batches.get(s % batches.size());
                graph.step(xy[0], xy[1], 0.002f, s, false);
            }
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                ImageBatch[] xy = batches.get(s % batches.size());
                graph.step(xy[0], xy[1], 0.002f, s + 3, false);
            }
            return steps * (double) batch / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static ImageBatch[] stack(List<org.inkflow.trainer.data.DecodedSample> part) {
        List<float[]> lines = new ArrayList<>();
        List<float[]> colors = new ArrayList<>();
        for (var s : part) {
            lines.add(s.lineArt());
            colors.add(s.color());
        }
        int hgt = part.get(0).height();
        int w = part.get(0).width();
        return new ImageBatch[] {ImageBatch.stack(lines, hgt, w, 1), ImageBatch.stack(colors, hgt, w, 3)};
    }

    /** The service's loop; answers {steady-state samples/s, end-to-end samples/s, seconds waiting for data}. */
    private static double[] service(Hyperparameters h, TrainingData training) throws Exception {
        Path work = Files.createTempDirectory("trainer-bench");
        List<Double> windows = new ArrayList<>();
        RunRecorder recorder = new RunRecorder() {
            @Override
            public void step(StepRecord r) {
                if (r.logged() && r.step() > 1) {
                    windows.add(r.samplesPerSecond());
                }
            }

            @Override
            public void validation(ValidationRecord r, BufferedImage preview) {
            }

            @Override
            public void network(long step, java.util.Map<String, byte[]> pictures) {
            }

            @Override
            public void resumed(long step, double validationLoss) {
            }

            @Override
            public void checkpoint(CheckpointState state, Path prefix) {
            }
        };
        TrainingLoop loop = new TrainingLoop("bench", h, training, new TrainingLoop.Settings(0, 1, 4, 4096, 4, work),
                recorder, () -> false);
        long start = System.nanoTime();
        TrainingLoop.Outcome o = loop.run(Optional.empty());
        double total = (System.nanoTime() - start) / 1e9;
        TrainingLoop.deleteDirectory(work);
        double steady = windows.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new double[] {steady, h.steps() * (double) h.batchSize() / total, o.dataWaitSeconds()};
    }
}
