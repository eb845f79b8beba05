package org.inkflow.trainer.training;

/**
 * Stops a run when the validation loss has not improved by more than {@code minDelta} for {@code patience}
 * validations in a row (patience 0: never). Its state travels in each checkpoint so a resumed run keeps counting.
 */
public final class EarlyStopping {

    /** What a checkpoint records. */
    public record State(double best, long bestStep, int validationsWithoutImprovement) {
    }

    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private long bestStep = -1;
    private int stale;

    public EarlyStopping(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    public void restore(State state) {
        best = state.best();
        bestStep = state.bestStep();
        stale = state.validationsWithoutImprovement();
    }

    public State state() {
        return new State(best, bestStep, stale);
    }

    /** Records a validation loss; answers whether it is a new best. */
    public boolean record(double validationLoss, long step) {
        if (validationLoss < best - minDelta || Double.isInfinite(best)) {
            best = Math.min(best, validationLoss);
            bestStep = step;
            stale = 0;
            return true;
        }
        stale++;
        return false;
    }

    public boolean shouldStop() {
        return patience > 0 && stale >= patience;
    }

    public double best() {
        return best;
    }

    public long bestStep() {
        return bestStep;
    }
}
