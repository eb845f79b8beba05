package org.inkflow.cleaner.datasets;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the automatic dataset gets a new version: once at least {@code minNewSamples} accepted samples are not in its
 * latest PUBLISHED version, and no sample has arrived for {@code quietPeriod} (so a crawl in progress makes one
 * version, not one per sample), or {@code maxDelay} after the first of them arrived even if samples keep coming. No
 * build while a version is BUILDING; after a FAILED version the next waits for a sample that arrived after it started,
 * so a reproducible failure does not loop.
 *
 * <p>A function of what every replica shares (ADR 0039): the dataset's versions and the accepted samples as S3 lists
 * them, and the arrival times of accepted samples as the hash log's winning claims carry them. Replicas that read the
 * same S3 and the same log at the same time therefore reach the same decision, whichever of them accepted which
 * sample. Plain Java, no clock or state of its own.
 */
public final class AutoDatasetPolicy {

    /**
     * The policy's settings.
     *
     * @param maxDelay {@link Duration#ZERO} to wait for a quiet period however long samples keep arriving
     */
    public record Settings(boolean enabled, int minNewSamples, Duration quietPeriod, Duration maxDelay) {

        public Settings {
            if (minNewSamples < 1) {
                throw new IllegalArgumentException("min-new-samples is " + minNewSamples
                        + "; it must be at least 1 (inkflow.cleaner.auto-dataset.min-new-samples; use enabled=false to switch it off)");
            }
            if (quietPeriod.isNegative() || maxDelay.isNegative()) {
                throw new IllegalArgumentException("quiet-period " + quietPeriod + " and max-delay " + maxDelay
                        + " must not be negative (inkflow.cleaner.auto-dataset.*)");
            }
        }
    }

    /** What the policy is doing now, for {@code GET /auto-dataset}. */
    public enum State {
        /** Switched off by configuration. */
        OFF,
        /** On, but the sample catalog or the hash log is still being read, so nothing is counted yet. */
        STARTING,
        /** Fewer new samples than {@code minNewSamples}. */
        IDLE,
        /** Enough new samples; waiting for the quiet period (or the max delay). */
        WAITING,
        /** A version is being built (by whichever replica owns the dataset's build record). */
        BUILDING,
        /** The latest version failed; the next one waits for new samples. */
        FAILED
    }

    /** The latest version of the automatic dataset as S3 has it: its state and when it was started. */
    public record Latest(String version, Phase phase, Instant createdAt) {
    }

    /** A version's state as far as the policy cares. */
    public enum Phase { BUILDING, PUBLISHED, FAILED }

    /**
     * What the decision is made from.
     *
     * @param accepted     accepted samples S3 listed at the last count
     * @param basis        samples in the latest PUBLISHED version (0 when there is none)
     * @param latest       the latest version in any state, if any
     * @param firstArrival the first sample that arrived after {@code latest} started (after anything, with none)
     * @param lastArrival  the last sample that arrived, if any is known
     */
    public record Inputs(int accepted, int basis, Optional<Latest> latest, Optional<Instant> firstArrival,
                         Optional<Instant> lastArrival) {
    }

    private final Settings settings;

    public AutoDatasetPolicy(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Accepted samples not in the latest published version. */
    public static int newSamples(Inputs in) {
        return Math.max(0, in.accepted() - in.basis());
    }

    public State state(Inputs in) {
        if (!settings.enabled()) {
            return State.OFF;
        }
        Optional<Phase> phase = in.latest().map(Latest::phase);
        if (phase.filter(Phase.BUILDING::equals).isPresent()) {
            return State.BUILDING;
        }
        if (phase.filter(Phase.FAILED::equals).isPresent() && in.firstArrival().isEmpty()) {
            return State.FAILED;
        }
        return newSamples(in) >= settings.minNewSamples() ? State.WAITING : State.IDLE;
    }

    /**
     * Whether the arrivals allow a build now: none for {@code quietPeriod}, or the first new one {@code maxDelay}
     * ago. Also when the count is worth taking again: the number of samples only changes when one arrives.
     */
    public boolean settled(Inputs in, Instant now) {
        boolean quiet = in.lastArrival().map(last -> !now.isBefore(last.plus(settings.quietPeriod()))).orElse(true);
        boolean overdue = !settings.maxDelay().isZero()
                && in.firstArrival().map(first -> !now.isBefore(first.plus(settings.maxDelay()))).orElse(false);
        return quiet || overdue;
    }

    /** Whether a version should be built now. */
    public boolean due(Inputs in, Instant now) {
        return state(in) == State.WAITING && settled(in, now);
    }
}
