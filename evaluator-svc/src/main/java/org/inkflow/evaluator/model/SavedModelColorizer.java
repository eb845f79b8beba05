package org.inkflow.evaluator.model;

import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;

/**
 * An exported SavedModel as a {@link Colorizer}, through the serving kit's {@link ColorizerModel} (the loading code
 * inference-svc uses). Samples whose size is not a multiple of the model's {@code sizeMultiple} are padded with
 * white paper to the next multiple and the prediction cropped back, so every sample can be scored.
 */
public final class SavedModelColorizer implements Colorizer {

    private final String id;
    private final ColorizerModel model;

    public SavedModelColorizer(String id, ColorizerModel model) {
        this.id = id;
        this.model = model;
    }

    @Override
    public String id() {
        return id;
    }

    public ColorizerModel model() {
        return model;
    }

    @Override
    public float[] colorize(float[] lineArt, int n, int height, int width) {
        return colorize(lineArt, null, n, height, width, false);
    }

    /**
     * As {@link #colorize(float[], int, int, int)} with color hints {@code [n,height,width,4]} ({@code null}: none);
     * the padding gets no hint.
     */
    public float[] colorizeWithHints(float[] lineArt, float[] hints, int n, int height, int width) {
        return colorize(lineArt, hints, n, height, width, true);
    }

    private float[] colorize(float[] lineArt, float[] hints, int n, int height, int width, boolean withHints) {
        int m = model.sizeMultiple();
        int ph = (height + m - 1) / m * m;
        int pw = (width + m - 1) / m * m;
        if (ph == height && pw == width) {
            return model.predict(new ImageBatch(n, height, width, 1, lineArt),
                    hints == null ? null : new ImageBatch(n, height, width, 4, hints)).data();
        }
        float[] padded = pad(lineArt, n, height, width, 1, ph, pw, 1f); // [N,PH,PW,1] white outside the image
        float[] paddedHints = hints == null ? null : pad(hints, n, height, width, 4, ph, pw, 0f); // [N,PH,PW,4]
        float[] rgb = model.predict(new ImageBatch(n, ph, pw, 1, padded),
                paddedHints == null ? null : new ImageBatch(n, ph, pw, 4, paddedHints)).data(); // [N,PH,PW,3]
        float[] out = new float[n * height * width * 3]; // [N,H,W,3]
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(rgb, ((i * ph + y) * pw) * 3, out, ((i * height + y) * width) * 3, width * 3);
            }
        }
        return out;
    }

    /** {@code [n,height,width,c]} on a {@code [n,ph,pw,c]} canvas filled with {@code fill}, top-left aligned. */
    private static float[] pad(float[] values, int n, int height, int width, int c, int ph, int pw, float fill) {
        float[] padded = new float[n * ph * pw * c];
        java.util.Arrays.fill(padded, fill);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(values, ((i * height + y) * width) * c, padded, ((i * ph + y) * pw) * c, width * c);
            }
        }
        return padded;
    }

    @Override
    public void close() {
        model.close();
    }
}
