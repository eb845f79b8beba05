package org.inkflow.cleaner.datasets;

import java.time.Duration;
import java.time.Instant;

/**
 * When the automatic dataset gets a new version: once at least {@code minNewSamples} accepted samples are not in its
 * latest version, and no sample has arrived for {@code quietPeriod} (so a crawl in progress makes one version, not
 * one per sample), or {@code maxDelay} after the first of them arrived even if samples keep coming. One build at a
 * time; a failed build is retried only after new samples arrive, so a reproducible failure does not loop. Plain
 * Java, no clock of its own: the caller passes the time and the number of accepted samples.
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
        /** On, but the sample catalog is still loading, so nothing is counted yet. */
        STARTING,
        /** Fewer new samples than {@code minNewSamples}. */
        IDLE,
        /** Enough new samples; waiting for the quiet period (or the max delay). */
        WAITING,
        /** A version is being built. */
        BUILDING,
        /** The last build failed; the next one waits for new samples. */
        FAILED
    }

    private final Settings settings;
    private int basis;
    private int building = -1;
    private int failedAt = -1;
    private Instant firstArrival;
    private Instant lastArrival;

    /**
     * @param basis accepted samples the latest version was built from (0 when there is none)
     * @param now   the start: samples already waiting count as arrived now, so a restart also waits a quiet period
     */
    public AutoDatasetPolicy(Settings settings, int basis, Instant now) {
        this.settings = settings;
        this.basis = basis;
        this.firstArrival = now;
        this.lastArrival = now;
    }

    public Settings settings() {
        return settings;
    }

    /** A sample was accepted at {@code at}. */
    public synchronized void sampleArrived(Instant at) {
        if (firstArrival == null) {
            firstArrival = at;
        }
        if (lastArrival == null || at.isAfter(lastArrival)) {
            lastArrival = at;
        }
    }

    /** Accepted samples not in the latest version. */
    public synchronized int newSamples(int accepted) {
        return Math.max(0, accepted - basis);
    }

    /** Whether a version should be built now, given {@code accepted} samples in all. */
    public synchronized boolean due(int accepted, Instant now) {
        if (!settings.enabled() || building >= 0 || accepted == failedAt || newSamples(accepted) < settings.minNewSamples()) {
            return false;
        }
        boolean quiet = lastArrival == null || !now.isBefore(lastArrival.plus(settings.quietPeriod()));
        boolean overdue = !settings.maxDelay().isZero() && firstArrival != null
                && !now.isBefore(firstArrival.plus(settings.maxDelay()));
        return quiet || overdue;
    }

    /** A build over {@code accepted} samples started; samples arriving from now on wait for the next version. */
    public synchronized void started(int accepted) {
        building = accepted;
        firstArrival = null;
    }

    /** The build started with {@link #started} ended: published (or an identical version existed), or failed. */
    public synchronized void finished(boolean published) {
        if (building < 0) {
            return;
        }
        if (published) {
            basis = building;
            failedAt = -1;
        } else {
            failedAt = building;
        }
        building = -1;
    }

    public synchronized boolean building() {
        return building >= 0;
    }

    public synchronized State state(int accepted) {
        if (!settings.enabled()) {
            return State.OFF;
        }
        if (building >= 0) {
            return State.BUILDING;
        }
        if (accepted == failedAt) {
            return State.FAILED;
        }
        return newSamples(accepted) >= settings.minNewSamples() ? State.WAITING : State.IDLE;
    }
}
