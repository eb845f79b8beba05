package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.serving.ImageTensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class UNetModelTest {

    @Test
    void outputKeepsNonSquareHeightAndWidthForEverySamplingChoice() {
        for (UNetConfig.Downsampling down : UNetConfig.Downsampling.values()) {
            for (UNetConfig.Upsampling up : UNetConfig.Upsampling.values()) {
                UNetConfig config = UNetConfig.defaults().withWidth(4).withSampling(down, up);
                ImageBatch out = predict(config, ImageBatch.zeros(2, 16, 24, 1));
                assertThat(out.shape()).as(down + "/" + up).containsExactly(2, 16, 24, 3);
                for (float v : out.data()) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void depthThreeWorksOn64x96() {
        UNetConfig config = UNetConfig.defaults().withWidth(4).withDepth(3);
        assertThat(predict(config, ImageBatch.zeros(1, 64, 96, 1)).shape()).containsExactly(1, 64, 96, 3);
    }

    @Test
    void variableCountAndParameterCountMatchTheArchitecture() {
        UNetConfig config = UNetConfig.defaults();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            UNetModel model = UNetModel.inference(tf, x, config, 1L, UNetModel.Init.SEEDED);
            // depth 2, strided down: 2 encoder levels x 3 convs, 2 mid, 2 decoder levels x 3 convs, 1 out = 15 layers
            assertThat(model.layers()).hasSize(15);
            assertThat(model.variables()).hasSize(30);
            long params = model.variables().stream().mapToLong(v -> v.shape().size()).sum();
            assertThat(params).isEqualTo(UNetModel.parameterCount(config));
            assertThat(model.variables()).extracting(v -> v.op().name())
                    .contains("unet/enc0_conv1/kernel", "unet/enc0_conv1/bias", "unet/dec0_up/kernel", "unet/out/kernel");
        }
    }

    @Test
    void sameSeedSameInitialWeightsOtherSeedOtherWeights() {
        UNetConfig config = UNetConfig.defaults().withWidth(4);
        ImageBatch input = SyntheticShapes.generate(3, 1, 16, 24).lineArt();
        assertThat(predict(config, input, 7L).data()).containsExactly(predict(config, input, 7L).data());
        assertThat(predict(config, input, 8L).data()).isNotEqualTo(predict(config, input, 7L).data());
    }

    private static ImageBatch predict(UNetConfig config, ImageBatch input) {
        return predict(config, input, 42L);
    }

    private static ImageBatch predict(UNetConfig config, ImageBatch input, long seed) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            UNetModel model = UNetModel.inference(tf, x, config, seed, UNetModel.Init.SEEDED);
            try (Session s = new Session(g); TFloat32 in = ImageTensors.tensor(input);
                 Result r = s.runner().feed(x, in).fetch(model.output()).run()) {
                return ImageTensors.toBatch((TFloat32) r.get(0));
            }
        }
    }
}
