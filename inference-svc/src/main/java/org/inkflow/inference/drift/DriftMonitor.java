package org.inkflow.inference.drift;

/**
 * Compares the gray input the service sees with the serving model's training inputs: a sliding window of the
 * last {@code window} images' statistics against the model card's {@code inputStats}. The score is the
 * {@link PopulationStability population stability index} of the window's mean histogram against the training
 * histogram; mean intensity and line density are reported beside it to say which way the input moved.
 */
public final class DriftMonitor {

    /** Bins used while no training histogram is known. */
    public static final int DEFAULT_BINS = 32;

    private final int window;
    private final int minImages;

    private InputStatistics reference;
    private int bins = DEFAULT_BINS;
    private double[][] histograms;
    private double[] means;
    private double[] meanSquares;
    private double[] densities;
    private int next;
    private int count;
    private long observed;

    /**
     * @param window    how many recent images the live statistics cover
     * @param minImages how many images the window needs before the score is defined
     */
    public DriftMonitor(int window, int minImages) {
        if (window < 1 || minImages < 1 || minImages > window) {
            throw new IllegalArgumentException("drift window (" + window + ") and min images (" + minImages
                    + ") must be at least 1, with min images <= window");
        }
        this.window = window;
        this.minImages = minImages;
        reset();
    }

    /** The training statistics to compare with (the serving model's card); {@code null} when it has none. */
    public synchronized void reference(InputStatistics training) {
        reference = training;
        int wanted = training == null ? DEFAULT_BINS : training.bins();
        if (wanted != bins) {
            bins = wanted;
            reset();
        }
    }

    /** Adds one image: {@code length} gray pixels in [0,1] of {@code values} from {@code offset}. */
    public void observe(float[] values, int offset, int length) {
        int b;
        synchronized (this) {
            b = bins;
        }
        InputStatistics s = InputStatistics.of(values, offset, length, b);
        synchronized (this) {
            if (b != bins) {
                return; // the reference changed bins meanwhile; this image is dropped, not misfiled
            }
            histograms[next] = s.histogram();
            means[next] = s.mean();
            meanSquares[next] = s.std() * s.std() + s.mean() * s.mean();
            densities[next] = s.lineDensity();
            next = (next + 1) % window;
            count = Math.min(window, count + 1);
            observed++;
        }
    }

    /** The PSI of the window against the training histogram; NaN until both are known. */
    public synchronized double score() {
        if (reference == null || count < minImages) {
            return Double.NaN;
        }
        return PopulationStability.index(reference.histogram(), liveHistogram());
    }

    public synchronized DriftReport report() {
        InputStatistics live = null;
        if (count > 0) {
            double mean = average(means);
            double meanSquare = average(meanSquares);
            live = new InputStatistics(mean, Math.sqrt(Math.max(0, meanSquare - mean * mean)), average(densities),
                    liveHistogram());
        }
        return new DriftReport("psi", score(), count, observed, window, live, reference);
    }

    private double[] liveHistogram() {
        double[] sum = new double[bins];
        for (int i = 0; i < count; i++) {
            double[] h = histograms[i];
            for (int b = 0; b < bins; b++) {
                sum[b] += h[b];
            }
        }
        for (int b = 0; b < bins; b++) {
            sum[b] /= Math.max(1, count);
        }
        return sum;
    }

    private double average(double[] values) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return count == 0 ? 0 : sum / count;
    }

    private void reset() {
        histograms = new double[window][];
        means = new double[window];
        meanSquares = new double[window];
        densities = new double[window];
        next = 0;
        count = 0;
    }

    /**
     * What the drift page and {@code GET /drift} show.
     *
     * @param method   how {@code score} is computed
     * @param score    NaN until enough images were seen and the model card has training statistics
     * @param images   images in the window now
     * @param observed images seen since start
     * @param window   the window's capacity
     * @param live     the window's statistics, {@code null} before the first image
     * @param training the serving model's training statistics, {@code null} if its card has none
     */
    public record DriftReport(String method, double score, int images, long observed, int window,
                              InputStatistics live, InputStatistics training) {
    }
}
