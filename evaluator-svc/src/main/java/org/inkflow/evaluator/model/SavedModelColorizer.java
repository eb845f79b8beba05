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
        int m = model.sizeMultiple();
        int ph = (height + m - 1) / m * m;
        int pw = (width + m - 1) / m * m;
        if (ph == height && pw == width) {
            return model.predict(new ImageBatch(n, height, width, 1, lineArt)).data();
        }
        float[] padded = new float[n * ph * pw]; // [N,PH,PW,1] line art, white outside the image
        java.util.Arrays.fill(padded, 1f);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(lineArt, (i * height + y) * width, padded, (i * ph + y) * pw, width);
            }
        }
        float[] rgb = model.predict(new ImageBatch(n, ph, pw, 1, padded)).data(); // [N,PH,PW,3]
        float[] out = new float[n * height * width * 3]; // [N,H,W,3]
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(rgb, ((i * ph + y) * pw) * 3, out, ((i * height + y) * width) * 3, width * 3);
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
