package org.inkflow.model.serving;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Copies {@link ImageBatch}es into TensorFlow tensors and back, NHWC on both sides. */
public final class ImageTensors {

    private ImageTensors() {
    }

    /** A new {@code [N,H,W,C]} tensor holding a copy of the batch; the caller closes it. */
    public static TFloat32 tensor(ImageBatch batch) {
        return TFloat32.tensorOf(Shape.of(batch.shape()), DataBuffers.of(batch.data(), true, false));
    }

    /** The values of a {@code [N,H,W,C]} tensor as a batch. */
    public static ImageBatch toBatch(TFloat32 t) {
        Shape s = t.shape();
        if (s.numDimensions() != 4) {
            throw new IllegalStateException("expected a [N,H,W,C] tensor, got shape " + s);
        }
        return new ImageBatch((int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3), values(t));
    }

    /** A tensor's values, flattened row-major. */
    public static float[] values(TFloat32 t) {
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
