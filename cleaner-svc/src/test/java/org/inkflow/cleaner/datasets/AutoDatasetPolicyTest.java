package org.inkflow.cleaner.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AutoDatasetPolicyTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final AutoDatasetPolicy.Settings SETTINGS =
            new AutoDatasetPolicy.Settings(true, 10, Duration.ofSeconds(30), Duration.ofMinutes(5));

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aVersionIsDueOnceEnoughNewSamplesArrivedAndTheCrawlWentQuiet() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(SETTINGS, 0, T0);
        for (int i = 1; i <= 9; i++) {
            policy.sampleArrived(at(i));
        }
        assertThat(policy.due(9, at(100))).as("9 new samples are fewer than 10").isFalse();
        assertThat(policy.state(9)).isEqualTo(AutoDatasetPolicy.State.IDLE);
        policy.sampleArrived(at(101));
        assertThat(policy.due(10, at(102))).as("the last sample came 1 s ago").isFalse();
        assertThat(policy.state(10)).isEqualTo(AutoDatasetPolicy.State.WAITING);
        assertThat(policy.due(10, at(130))).as("29 s quiet").isFalse();
        assertThat(policy.due(10, at(131))).as("30 s quiet").isTrue();
    }

    @Test
    void samplesArrivingSteadilyPostponeTheVersionUntilTheMaxDelay() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(SETTINGS, 0, T0);
        policy.started(0);
        policy.finished(true);
        int accepted = 0;
        for (long s = 10; s < 300; s += 10) {
            policy.sampleArrived(at(s));
            accepted++;
            assertThat(policy.due(accepted, at(s))).as("a sample every 10 s, at %d s", s).isFalse();
        }
        policy.sampleArrived(at(310));
        assertThat(policy.due(accepted + 1, at(310))).as("5 minutes after the first new sample").isTrue();
    }

    @Test
    void oneBuildAtATimeAndSamplesDuringTheBuildWaitForTheNextVersion() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(SETTINGS, 0, T0);
        policy.sampleArrived(at(1));
        assertThat(policy.due(12, at(40))).isTrue();
        policy.started(12);
        assertThat(policy.due(12, at(41))).as("single flight").isFalse();
        assertThat(policy.state(12)).isEqualTo(AutoDatasetPolicy.State.BUILDING);
        for (int i = 0; i < 10; i++) {
            policy.sampleArrived(at(42));
        }
        assertThat(policy.due(22, at(100))).as("still building").isFalse();
        policy.finished(true);
        assertThat(policy.newSamples(22)).isEqualTo(10);
        assertThat(policy.due(22, at(71))).as("29 s after the last sample").isFalse();
        assertThat(policy.due(22, at(72))).isTrue();
    }

    @Test
    void aPublishedVersionResetsTheCountSoNothingIsDueWithoutNewSamples() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(SETTINGS, 0, T0);
        policy.started(15);
        policy.finished(true);
        assertThat(policy.newSamples(15)).isZero();
        assertThat(policy.due(15, at(1000))).isFalse();
        assertThat(policy.state(15)).isEqualTo(AutoDatasetPolicy.State.IDLE);
    }

    @Test
    void aRestartWaitsAQuietPeriodAndCountsFromTheLatestVersion() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(SETTINGS, 200, at(500));
        assertThat(policy.newSamples(215)).isEqualTo(15);
        assertThat(policy.due(215, at(510))).as("just started").isFalse();
        assertThat(policy.due(215, at(530))).isTrue();
        assertThat(policy.due(205, at(530))).as("5 new samples only").isFalse();
    }

    @Test
    void aFailedBuildIsRetriedOnlyAfterNewSamplesArrive() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(SETTINGS, 0, T0);
        policy.started(12);
        policy.finished(false);
        assertThat(policy.state(12)).isEqualTo(AutoDatasetPolicy.State.FAILED);
        assertThat(policy.due(12, at(1000))).as("the same samples would fail the same way").isFalse();
        policy.sampleArrived(at(1000));
        assertThat(policy.due(13, at(1030))).isTrue();
    }

    @Test
    void offMeansNeverAndBadSettingsAreRefused() {
        AutoDatasetPolicy off = new AutoDatasetPolicy(new AutoDatasetPolicy.Settings(false, 1, Duration.ZERO, Duration.ZERO), 0, T0);
        assertThat(off.due(1000, at(1000))).isFalse();
        assertThat(off.state(1000)).isEqualTo(AutoDatasetPolicy.State.OFF);
        assertThatThrownBy(() -> new AutoDatasetPolicy.Settings(true, 0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("inkflow.cleaner.auto-dataset.min-new-samples");
        assertThatThrownBy(() -> new AutoDatasetPolicy.Settings(true, 1, Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void zeroMaxDelayWaitsForQuietHoweverLong() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(new AutoDatasetPolicy.Settings(true, 1, Duration.ofSeconds(30), Duration.ZERO), 0, T0);
        for (long s = 0; s < 10_000; s += 10) {
            policy.sampleArrived(at(s));
            assertThat(policy.due((int) s / 10 + 1, at(s + 5))).isFalse();
        }
    }
}
