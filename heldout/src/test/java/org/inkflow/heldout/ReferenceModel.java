package org.inkflow.heldout;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.InputNormalization;
import org.inkflow.model.training.SavedModelExporter;
import org.inkflow.model.training.TinyColorizer;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.model.training.UNetConfig;

/**
 * A stand-in for the demo's model where the full demo cannot run (bench/heldout.sh reference): the demo's
 * architecture (the default U-Net), data (OpenMoji colour SVGs with their black outline layer as paired line art,
 * rendered by the crawler's rasterizer at 64 px, the demo's groups left out), batch 16, learning rate 0.002 and 600
 * steps, trained by the training graph directly. Not the trainer-svc loop: no augmentation, no validation or
 * checkpoints, a constant learning rate. Writes a model version directory, and beside it the next 100 OpenMoji
 * pairs it did not train on as a held-out set ({@code openmoji-heldback}): the in-domain figure to read the new
 * source's figure against.
 * Usage: ReferenceModel openmoji-17.0.0.tgz OUT_DIR [images=300] [steps=600]
 */
public final class ReferenceModel {

    private static final int SIZE = 64;

    private ReferenceModel() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path tgz = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 600;
        List<float[]> lines = new ArrayList<>();
        List<float[]> colors = new ArrayList<>();
        List<String> heldBack = new ArrayList<>();
        Path heldBackDir = out.toAbsolutePath().getParent().resolve("openmoji-heldback");
        for (HeldoutPair pair : OpenMojiPairs.load(tgz, SIZE, images + 100, 1, null)) {
            if (lines.size() < images) {
                colors.add(pair.target());
                lines.add(pair.lineArt());
            } else {
                HeldoutSet.writePair(heldBackDir, pair);
                heldBack.add(pair.name());
            }
        }
        ImageBatch lineArt = ImageBatch.stack(lines, SIZE, SIZE, 1); // [N,64,64,1]
        ImageBatch rgb = ImageBatch.stack(colors, SIZE, SIZE, 3); // [N,64,64,3]
        InputNormalization normalization = InputNormalization.of(lineArt.data());
        UNetConfig config = UNetConfig.defaults();
        long seed = 16;
        TrainingGraph.Options options = new TrainingGraph.Options(config, normalization, 0.9f, 0.999f, 1e-7f, 1f, seed, 0,
                TinyColorizer.meanColor(rgb), 0f);
        long started = System.nanoTime();
        Random random = new Random(seed);
        int batch = 16;
        try (TrainingGraph graph = new TrainingGraph(options)) {
            float loss = Float.NaN;
            for (int step = 0; step < steps; step++) {
                List<float[]> bl = new ArrayList<>();
                List<float[]> bc = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    int k = random.nextInt(lines.size());
                    bl.add(lines.get(k));
                    bc.add(colors.get(k));
                }
                loss = graph.step(ImageBatch.stack(bl, SIZE, SIZE, 1), ImageBatch.stack(bc, SIZE, SIZE, 3), 0.002f, step,
                        false).loss();
                if (step % 100 == 0 || step == steps - 1) {
                    System.out.printf("step %d loss %.4f (%.0f s)%n", step, loss, (System.nanoTime() - started) / 1e9);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, "reference", "1", "reference-openmoji",
                    new ModelCard.DatasetRef("openmoji-17.0.0-paired-64", Integer.toString(lines.size())), SIZE,
                    config.sizeMultiple(), graph.parameterCount(), config.describe(),
                    Map.of("steps", steps, "learningRate", 0.002, "batchSize", batch), seed,
                    Map.of("trainLoss", (double) loss), new ModelCard.InputStats((double) normalization.mean(),
                    (double) normalization.std(), TinyColorizer.histogram(lineArt.data(), 10)),
                    "OpenMoji (https://openmoji.org), CC BY-SA 4.0", "heldout-reference", seconds, Instant.now());
            SavedModelExporter.writeModel(graph, card, out);
            HeldoutSet.writeManifest(heldBackDir, new HeldoutSet.Manifest(1, "openmoji@17.0.0 (held back from the"
                    + " reference model)", "CC BY-SA 4.0", "OpenMoji (https://openmoji.org), CC BY-SA 4.0", "paired", "pad",
                    16, List.of(SIZE), List.copyOf(heldBack), Map.of()));
            System.out.printf("reference model: %d OpenMoji pairs, %d steps, %.0f s -> %s%n", lines.size(), steps, seconds,
                    out);
        }
    }
}
