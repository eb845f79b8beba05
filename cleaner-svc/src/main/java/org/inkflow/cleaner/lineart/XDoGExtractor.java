package org.inkflow.cleaner.lineart;

/**
 * Extended difference of Gaussians (Winnemöller et al., 2012): {@code D = G(sigma) - tau * G(k * sigma)}, white where
 * {@code D >= epsilon}, else {@code 1 + tanh(phi * (D - epsilon))}. Gives smoother, pen-like lines than
 * dilate-minus-gray and ignores faint texture below epsilon.
 */
public final class XDoGExtractor implements LineArtExtractor {

    private final double sigma;
    private final double k;
    private final double tau;
    private final double epsilon;
    private final double phi;

    public XDoGExtractor(double sigma, double k, double tau, double epsilon, double phi) {
        if (sigma <= 0 || k <= 1 || phi <= 0) {
            throw new IllegalArgumentException("XDoG needs sigma > 0, k > 1 and phi > 0 (got sigma=" + sigma + ", k=" + k
                    + ", phi=" + phi + ")");
        }
        this.sigma = sigma;
        this.k = k;
        this.tau = tau;
        this.epsilon = epsilon;
        this.phi = phi;
    }

    /** Defaults tuned on 64x64 OpenMoji renders, like the other cleaner thresholds. */
    public static XDoGExtractor defaults() {
        return new XDoGExtractor(0.8, 1.6, 0.98, -0.01, 60);
    }

    @Override
    public float[] extract(float[] gray, int width, int height) {
        LineArtExtractor.checkShape(gray, width, height);
        float[] narrow = blur(gray, width, height, sigma);
        float[] wide = blur(gray, width, height, sigma * k);
        float[] out = new float[width * height]; // [H,W]
        for (int i = 0; i < out.length; i++) {
            double d = narrow[i] - tau * wide[i];
            out[i] = d >= epsilon ? 1f : (float) Math.max(0, 1 + Math.tanh(phi * (d - epsilon)));
        }
        return out;
    }

    /** Separable Gaussian blur with edge pixels repeated beyond the border. */
    static float[] blur(float[] src, int width, int height, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double v = Math.exp(-(i * i) / (2 * sigma * sigma));
            kernel[i + radius] = (float) v;
            sum += v;
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) sum;
        }
        float[] tmp = new float[src.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    int xx = Math.min(width - 1, Math.max(0, x + i));
                    acc += kernel[i + radius] * src[y * width + xx];
                }
                tmp[y * width + x] = acc;
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    int yy = Math.min(height - 1, Math.max(0, y + i));
                    acc += kernel[i + radius] * tmp[yy * width + x];
                }
                out[y * width + x] = acc;
            }
        }
        return out;
    }
}
