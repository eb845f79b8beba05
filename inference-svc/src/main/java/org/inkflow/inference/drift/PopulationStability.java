package org.inkflow.inference.drift;

/**
 * The population stability index between two histograms over the same bins:
 * {@code PSI = sum_i (live_i - ref_i) * ln(live_i / ref_i)}, both normalized to sum 1, each bin floored at
 * {@link #EPSILON} so empty bins count as rare rather than infinite. It is the symmetric KL divergence
 * (KL(live||ref) + KL(ref||live)). Rule of thumb: below 0.1 stable, 0.1 to 0.25 some shift, above 0.25 a shift
 * worth acting on.
 */
public final class PopulationStability {

    /** The smallest share a bin may have, so that a bin empty on one side gives a finite index. */
    public static final double EPSILON = 1e-4;

    private PopulationStability() {
    }

    public static double index(double[] reference, double[] live) {
        if (reference.length != live.length) {
            throw new IllegalArgumentException("histograms have " + reference.length + " and " + live.length
                    + " bins; PSI compares histograms over the same bins");
        }
        double[] ref = normalized(reference);
        double[] cur = normalized(live);
        double psi = 0;
        for (int i = 0; i < ref.length; i++) {
            psi += (cur[i] - ref[i]) * Math.log(cur[i] / ref[i]);
        }
        return psi;
    }

    private static double[] normalized(double[] histogram) {
        double total = 0;
        for (double v : histogram) {
            if (v < 0 || Double.isNaN(v)) {
                throw new IllegalArgumentException("a histogram bin is " + v + "; bins must be counts or shares >= 0");
            }
            total += v;
        }
        double[] out = new double[histogram.length];
        double floored = 0;
        for (int i = 0; i < histogram.length; i++) {
            out[i] = Math.max(EPSILON, total > 0 ? histogram[i] / total : 1.0 / histogram.length);
            floored += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= floored;
        }
        return out;
    }
}
