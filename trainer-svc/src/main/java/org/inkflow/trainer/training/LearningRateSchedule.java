package org.inkflow.trainer.training;

/**
 * The learning rate at each step: {@code constant}, {@code step} (multiplied by {@code decayRate} every
 * {@code decaySteps}, default a third of the run) or {@code cosine} (from the base rate down to
 * {@code minLearningRate} over the run), after an optional linear warm-up.
 */
public final class LearningRateSchedule {

    private final String kind;
    private final double base;
    private final double min;
    private final int warmup;
    private final int decaySteps;
    private final double decayRate;
    private final int totalSteps;

    public LearningRateSchedule(Hyperparameters h, int totalSteps) {
        this.kind = h.schedule();
        this.base = h.learningRate();
        this.min = h.minLearningRate();
        this.warmup = h.warmupSteps();
        this.totalSteps = Math.max(1, totalSteps);
        this.decaySteps = h.decaySteps() > 0 ? h.decaySteps() : Math.max(1, this.totalSteps / 3);
        this.decayRate = h.decayRate();
    }

    /** The rate for the 0-based {@code step}. */
    public double at(long step) {
        if (warmup > 0 && step < warmup) {
            return base * (step + 1) / warmup;
        }
        return switch (kind) {
            case "constant" -> base;
            case "step" -> base * Math.pow(decayRate, Math.floorDiv(step, decaySteps));
            case "cosine" -> {
                long span = Math.max(1, totalSteps - warmup);
                double progress = Math.min(1.0, (double) (step - warmup) / span);
                yield min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
            }
            default -> throw new IllegalStateException("unknown schedule " + kind);
        };
    }
}
