package org.inkflow.cleaner.lineart;

/** The luma itself as the model input: a grayscale-to-colour dataset instead of a line-art one. */
public final class GrayscaleLineArt implements LineArtExtractor {

    @Override
    public float[] extract(float[] gray, int width, int height) {
        LineArtExtractor.checkShape(gray, width, height);
        float[] out = gray.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, Math.min(1f, out[i]));
        }
        return out;
    }
}
