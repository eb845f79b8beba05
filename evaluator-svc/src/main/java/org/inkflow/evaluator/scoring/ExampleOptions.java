package org.inkflow.evaluator.scoring;

/**
 * How much of a scoring pass to keep beyond the numbers: the first {@code gridSamples} for the sample grid, the
 * {@code worstK} worst by L1, and summaries for at most {@code tagLimit} tags.
 */
public record ExampleOptions(int gridSamples, int worstK, int tagLimit) {

    /** Numbers only: what baselines and the production comparison need. */
    public static ExampleOptions numbersOnly(int tagLimit) {
        return new ExampleOptions(0, 0, tagLimit);
    }

    public ExampleOptions {
        if (gridSamples < 0 || worstK < 0 || tagLimit < 0) {
            throw new IllegalArgumentException("grid samples, worst-k and tag limit must be >= 0");
        }
    }
}
