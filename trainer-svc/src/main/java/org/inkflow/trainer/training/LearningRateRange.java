package org.inkflow.trainer.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Leslie Smith's learning-rate range test ("Cyclical Learning Rates", 2017; fastai's {@code lr_find}): train for a
 * few hundred steps while the learning rate grows exponentially from {@code minLearningRate} to
 * {@code maxLearningRate}, record the loss at every rate, stop once the loss diverges, and read off a good rate.
 *
 * <p>The loss is smoothed by an exponential moving average with bias correction (as fastai does), which the
 * divergence test and the suggestion use. The suggestion is the rate of <em>steepest descent</em> of the smoothed
 * loss against {@code ln(lr)} -- where a step of the rate buys the most loss -- ignoring the first tenth of the
 * ramp, where the average is still settling. Also reported: the rate of the lowest smoothed loss (a tenth of it is
 * the other common rule of thumb) and the rate at which the loss diverged. Plain Java: the steps themselves are
 * taken by {@link LearningRateRangeRun}.
 */
public final class LearningRateRange {

    /**
     * @param minLearningRate first rate of the ramp
     * @param maxLearningRate last rate of the ramp
     * @param steps           steps from the first to the last rate
     * @param smoothing       the moving average's beta (fastai: 0.98)
     * @param divergeFactor   the test stops once the smoothed loss exceeds this many times its lowest value
     */
    public record Settings(double minLearningRate, double maxLearningRate, int steps, double smoothing,
                           double divergeFactor) {

        public static final Settings DEFAULT = new Settings(1e-7, 10, 300, 0.98, 4);

        public Settings {
            if (!(minLearningRate > 0) || !(maxLearningRate > minLearningRate) || Double.isInfinite(maxLearningRate)) {
                throw new InvalidHyperparameterException("the range test needs 0 < minLearningRate ("
                        + minLearningRate + ") < maxLearningRate (" + maxLearningRate + ")");
            }
            if (steps < 10 || steps > 10_000) {
                throw new InvalidHyperparameterException("the range test takes 10 to 10000 steps; got " + steps);
            }
            if (!(smoothing >= 0 && smoothing < 1)) {
                throw new InvalidHyperparameterException("smoothing must be in [0, 1); got " + smoothing);
            }
            if (!(divergeFactor > 1)) {
                throw new InvalidHyperparameterException("divergeFactor must be above 1; got " + divergeFactor);
            }
        }

        /** The rate of the 0-based {@code step}: exponential from the first rate to the last. */
        public double learningRateAt(int step) {
            double t = steps == 1 ? 0 : (double) Math.min(step, steps - 1) / (steps - 1);
            return minLearningRate * Math.pow(maxLearningRate / minLearningRate, t);
        }
    }

    /** One step of the test: its rate, the batch loss and the smoothed loss. */
    public record Point(int step, double learningRate, double loss, double smoothedLoss) {
    }

    /**
     * What the test found. {@code suggestedLearningRate} (steepest descent) and {@code minLossLearningRate} are null
     * when too few finite points were recorded to say; {@code divergedAtLearningRate} is null when the ramp ended
     * without diverging.
     */
    public record Result(List<Point> points, Double suggestedLearningRate, Double minLossLearningRate,
                         Double divergedAtLearningRate, String note) {
    }

    /** Fewer usable points than this give no suggestion. */
    static final int MIN_POINTS = 8;

    private final Settings settings;
    private final List<Point> points = new ArrayList<>();
    private double average;
    private double bestSmoothed = Double.POSITIVE_INFINITY;
    private double firstSmoothed = Double.NaN;
    private Double divergedAt;

    public LearningRateRange(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The rate to train the next step at. */
    public double nextLearningRate() {
        return settings.learningRateAt(points.size());
    }

    /** Whether the test goes on: false once it diverged or the ramp is done. */
    public boolean running() {
        return divergedAt == null && points.size() < settings.steps();
    }

    /** Records the loss of the step just taken at {@link #nextLearningRate()}; returns {@link #running()}. */
    public boolean record(double loss) {
        if (!running()) {
            throw new IllegalStateException("the range test has ended");
        }
        int step = points.size();
        double lr = settings.learningRateAt(step);
        if (!Double.isFinite(loss)) {
            points.add(new Point(step, lr, loss, Double.NaN));
            divergedAt = lr;
            return false;
        }
        double beta = settings.smoothing();
        average = beta * average + (1 - beta) * loss;
        double smoothed = average / (1 - Math.pow(beta, step + 1));
        points.add(new Point(step, lr, loss, smoothed));
        if (step == 0) {
            firstSmoothed = smoothed;
        }
        boolean blewUp = step > 0 && smoothed > settings.divergeFactor() * bestSmoothed;
        boolean backAboveStart = bestSmoothed < 0.9 * firstSmoothed && smoothed > firstSmoothed;
        if (blewUp || backAboveStart) {
            divergedAt = lr;
            return false;
        }
        bestSmoothed = Math.min(bestSmoothed, smoothed);
        return running();
    }

    public Result result() {
        List<Point> usable = new ArrayList<>();
        for (Point p : points) {
            if (Double.isFinite(p.smoothedLoss())) {
                usable.add(p);
            }
        }
        // The diverging tail tells where not to go, not where to go: drop the points after the lowest loss's rise.
        if (divergedAt != null && usable.size() > 1) {
            usable.remove(usable.size() - 1);
        }
        if (usable.size() < MIN_POINTS) {
            return new Result(List.copyOf(points), null, null, divergedAt, "only " + usable.size()
                    + " usable steps before the loss diverged; lower minLearningRate or raise steps");
        }
        Point lowest = usable.get(0);
        for (Point p : usable) {
            if (p.smoothedLoss() < lowest.smoothedLoss()) {
                lowest = p;
            }
        }
        int from = Math.max(1, usable.size() / 10);
        int to = Math.min(usable.size() - 1, usable.indexOf(lowest) + 1);
        Point steepest = null;
        double steepestSlope = 0;
        for (int i = from; i < to; i++) {
            Point a = usable.get(i - 1);
            Point b = usable.get(i + 1 < usable.size() ? i + 1 : i);
            double run = Math.log(b.learningRate()) - Math.log(a.learningRate());
            if (run <= 0) {
                continue;
            }
            double slope = (b.smoothedLoss() - a.smoothedLoss()) / run;
            if (slope < steepestSlope) {
                steepestSlope = slope;
                steepest = usable.get(i);
            }
        }
        String note = steepest == null
                ? "the loss never fell along the ramp; the range (" + settings.minLearningRate() + " to "
                        + settings.maxLearningRate() + ") may lie entirely above or below the useful rates"
                : divergedAt == null ? "the ramp ended without diverging; a higher maxLearningRate shows the edge"
                : "diverged at " + divergedAt;
        return new Result(List.copyOf(points), steepest == null ? null : steepest.learningRate(),
                lowest.learningRate(), divergedAt, note);
    }
}
