package org.inkflow.trainer.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.NetworkPictures;
import org.inkflow.model.training.NetworkPictures.Quantiles;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.model.training.UNetConfig;
import org.inkflow.trainer.data.DecodedSample;

/**
 * The pictures of the network a run stores at every validation ({@code runs/<id>/network/step-<n>/}): the first
 * layer's filters ({@value #FILTERS}), the distributions of every layer's weights, biases, pre-activations and
 * kernel gradients over the run so far as small multiples ({@value #DISTRIBUTIONS}), for the deepest encoder layer
 * and the bottleneck the validation inputs that most activate their strongest feature maps, with the maps
 * ({@code activations-<layer>.png}), and the histogram of a training batch's input ({@value #INPUT_HISTOGRAM}).
 * Pre-activations are measured on the first validation samples, gradients on the training batch of the step. The
 * history starts again when a run resumes in a new process (it is not checkpointed).
 */
final class NetworkSnapshots {

    static final String FILTERS = "filters.png";
    static final String DISTRIBUTIONS = "distributions.png";
    static final String INPUT_HISTOGRAM = "input-histogram.png";
    static final List<String> KINDS = List.of("weights", "biases", "pre-activations", "gradients");
    /** Feature maps shown per chosen layer. */
    static final int MAPS = 4;

    /** The validation samples' line art, {@code [N,H,W,1]}: stacked once, measured at every validation. */
    private final ImageBatch inputs;
    private final List<String> chosen;
    private final Map<String, Map<String, List<Quantiles>>> history = new LinkedHashMap<>();

    /** {@code samples}: the validation samples searched for the top activations (and measured for pre-activations). */
    NetworkSnapshots(UNetConfig config, List<DecodedSample> samples) {
        this.inputs = TrainingLoop.stack(samples)[0];
        this.chosen = chosenLayers(config);
    }

    /** The deepest encoder layer and the bottleneck: where the features are the most abstract before decoding. */
    static List<String> chosenLayers(UNetConfig config) {
        return List.of("enc" + (config.depth() - 1) + "_conv2", "mid_conv2");
    }

    /** Measures the graph now and answers the step's pictures as PNG bytes by file name. */
    Map<String, byte[]> take(TrainingGraph graph, long step, ImageBatch lineArt, ImageBatch color) {
        List<String> layers = graph.layerNames();
        Map<String, float[]> kernels = graph.kernels();
        Map<String, float[]> biases = graph.biases();
        Map<String, float[]> gradients = graph.kernelGradients(lineArt, color);
        Map<String, ImageBatch> activations = graph.preActivations(inputs, layers);
        for (String layer : layers) {
            Map<String, List<Quantiles>> kinds = history.computeIfAbsent(layer, l -> new LinkedHashMap<>());
            add(kinds, "weights", step, kernels.get(layer));
            add(kinds, "biases", step, biases.get(layer));
            add(kinds, "pre-activations", step, activations.get(layer).data());
            add(kinds, "gradients", step, gradients.get(layer));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        UNetConfig config = graph.options().model();
        String first = layers.get(0);
        int k = 3;
        int out = config.width();
        int in = kernels.get(first).length / (k * k * out);
        files.put(FILTERS, ImageArrays.encodePng(NetworkPictures.filterGrid(kernels.get(first), k, in, out, 12)));
        files.put(DISTRIBUTIONS, ImageArrays.encodePng(NetworkPictures.distributions(layers, KINDS, history)));
        for (String layer : chosen) {
            files.put("activations-" + layer + ".png", ImageArrays.encodePng(
                    NetworkPictures.topActivations(layer, inputs, activations.get(layer), MAPS)));
        }
        files.put(INPUT_HISTOGRAM, ImageArrays.encodePng(NetworkPictures.histogram(
                "line-art input of the training batch at step " + step + " (0 = ink, 1 = paper)", lineArt.data(), 32)));
        return files;
    }

    private static void add(Map<String, List<Quantiles>> kinds, String kind, long step, float[] values) {
        kinds.computeIfAbsent(kind, x -> new ArrayList<>()).add(new Quantiles(step, NetworkPictures.quantiles(values)));
    }
}
