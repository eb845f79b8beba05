package org.inkflow.cleaner.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.inkflow.cleaner.datasets.AutoDatasetPolicy.Inputs;
import org.inkflow.cleaner.datasets.AutoDatasetPolicy.Latest;
import org.inkflow.cleaner.datasets.AutoDatasetPolicy.Phase;
import org.inkflow.cleaner.datasets.AutoDatasetPolicy.State;
import org.junit.jupiter.api.Test;

class AutoDatasetPolicyTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final AutoDatasetPolicy POLICY = new AutoDatasetPolicy(
            new AutoDatasetPolicy.Settings(true, 10, Duration.ofSeconds(30), Duration.ofMinutes(5)));

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** The inputs as a replica computes them from the arrivals it read and the versions and count S3 gave it. */
    static Inputs inputs(SampleArrivals arrivals, int accepted, int basis, Latest latest) {
        Optional<Latest> l = Optional.ofNullable(latest);
        return new Inputs(accepted, basis, l, arrivals.firstAfter(l.map(Latest::createdAt)), arrivals.last());
    }

    @Test
    void aVersionIsDueOnceEnoughNewSamplesArrivedAndTheCrawlWentQuiet() {
        SampleArrivals arrivals = new SampleArrivals();
        for (int i = 1; i <= 9; i++) {
            arrivals.arrived(at(i));
        }
        assertThat(POLICY.due(inputs(arrivals, 9, 0, null), at(100))).as("9 new samples are fewer than 10").isFalse();
        assertThat(POLICY.state(inputs(arrivals, 9, 0, null))).isEqualTo(State.IDLE);
        arrivals.arrived(at(101));
        Inputs ten = inputs(arrivals, 10, 0, null);
        assertThat(POLICY.due(ten, at(102))).as("the last sample came 1 s ago").isFalse();
        assertThat(POLICY.state(ten)).isEqualTo(State.WAITING);
        assertThat(POLICY.due(ten, at(130))).as("29 s quiet").isFalse();
        assertThat(POLICY.due(ten, at(131))).as("30 s quiet").isTrue();
    }

    @Test
    void newSamplesAreTheAcceptedCountLessTheLatestPublishedVersion() {
        SampleArrivals none = new SampleArrivals();
        Latest published = new Latest("20260101T000000Z-aaaaaaaaaaaa", Phase.PUBLISHED, at(0));
        assertThat(AutoDatasetPolicy.newSamples(inputs(none, 215, 200, published))).isEqualTo(15);
        assertThat(AutoDatasetPolicy.newSamples(inputs(none, 190, 200, published))).as("never negative").isZero();
        assertThat(POLICY.due(inputs(none, 215, 200, published), at(10)))
                .as("no arrival known (samples older than the log): quiet").isTrue();
        assertThat(POLICY.due(inputs(none, 205, 200, published), at(10))).as("5 new samples only").isFalse();
    }

    @Test
    void twoReplicasThatEachAcceptedHalfTheSamplesDecideAlike() {
        // Replica A accepted the even samples, B the odd ones; both read every winning claim from the one log and
        // both count samples/ in S3, so both see all 12 and decide the same at the same moment.
        SampleArrivals a = new SampleArrivals();
        SampleArrivals b = new SampleArrivals();
        for (int i = 0; i < 12; i++) {
            a.arrived(at(i));
            b.arrived(at(i));
        }
        for (long now : new long[] {20, 40, 41, 100}) {
            assertThat(POLICY.due(inputs(a, 12, 0, null), at(now))).isEqualTo(POLICY.due(inputs(b, 12, 0, null), at(now)));
        }
        assertThat(POLICY.due(inputs(a, 12, 0, null), at(40))).isFalse();
        assertThat(POLICY.due(inputs(a, 12, 0, null), at(41))).isTrue();
        // What each replica would have counted by itself (6 each) never reaches the threshold of 10.
        assertThat(POLICY.due(inputs(a, 6, 0, null), at(1000))).isFalse();
    }

    @Test
    void samplesArrivingSteadilyPostponeTheVersionUntilTheMaxDelay() {
        SampleArrivals arrivals = new SampleArrivals();
        Latest published = new Latest("20260101T000005Z-aaaaaaaaaaaa", Phase.PUBLISHED, at(5));
        arrivals.arrived(at(1)); // in the published version: not the first new one
        int accepted = 0;
        for (long s = 10; s < 310; s += 10) {
            arrivals.arrived(at(s));
            accepted++;
            assertThat(POLICY.due(inputs(arrivals, accepted, 0, published), at(s))).as("a sample every 10 s, at %d s", s).isFalse();
        }
        arrivals.arrived(at(310));
        assertThat(POLICY.due(inputs(arrivals, accepted + 1, 0, published), at(310)))
                .as("5 minutes after the first sample after the version").isTrue();
    }

    @Test
    void nothingIsDueWhileAVersionBuildsAndSamplesDuringTheBuildWaitForTheNextOne() {
        SampleArrivals arrivals = new SampleArrivals();
        arrivals.arrived(at(1));
        Latest building = new Latest("20260101T000040Z-bbbbbbbbbbbb", Phase.BUILDING, at(40));
        assertThat(POLICY.state(inputs(arrivals, 12, 0, building))).isEqualTo(State.BUILDING);
        assertThat(POLICY.due(inputs(arrivals, 12, 0, building), at(1000))).as("single flight").isFalse();
        for (int i = 0; i < 10; i++) {
            arrivals.arrived(at(42));
        }
        Latest published = new Latest(building.version(), Phase.PUBLISHED, at(40));
        Inputs after = inputs(arrivals, 22, 12, published);
        assertThat(AutoDatasetPolicy.newSamples(after)).isEqualTo(10);
        assertThat(after.firstArrival()).contains(at(42));
        assertThat(POLICY.due(after, at(71))).as("29 s after the last sample").isFalse();
        assertThat(POLICY.due(after, at(72))).isTrue();
        assertThat(POLICY.due(inputs(arrivals, 12, 12, published), at(1000))).as("no new sample").isFalse();
        assertThat(POLICY.state(inputs(arrivals, 12, 12, published))).isEqualTo(State.IDLE);
    }

    @Test
    void aFailedVersionIsRetriedOnlyAfterASampleArrivedAfterIt() {
        SampleArrivals arrivals = new SampleArrivals();
        arrivals.arrived(at(1));
        Latest failed = new Latest("20260101T000040Z-cccccccccccc", Phase.FAILED, at(40));
        assertThat(POLICY.state(inputs(arrivals, 12, 0, failed))).isEqualTo(State.FAILED);
        assertThat(POLICY.due(inputs(arrivals, 12, 0, failed), at(1000))).as("the same samples would fail alike").isFalse();
        arrivals.arrived(at(1000));
        assertThat(POLICY.due(inputs(arrivals, 13, 0, failed), at(1030))).isTrue();
    }

    @Test
    void arrivalsBeforeAVersionAreForgottenButTheLastIsKept() {
        SampleArrivals arrivals = new SampleArrivals();
        arrivals.arrived(at(3));
        arrivals.arrived(at(1));
        arrivals.arrived(at(7));
        assertThat(arrivals.firstAfter(Optional.empty())).contains(at(1));
        assertThat(arrivals.firstAfter(Optional.of(at(3)))).contains(at(7));
        assertThat(arrivals.last()).contains(at(7));
        arrivals.forgetBefore(at(5));
        assertThat(arrivals.firstAfter(Optional.empty())).contains(at(7));
        assertThat(arrivals.firstAfter(Optional.of(at(7)))).isEmpty();
        assertThat(arrivals.last()).contains(at(7));
        assertThat(arrivals.count()).isEqualTo(3);
    }

    @Test
    void offMeansNeverAndBadSettingsAreRefused() {
        AutoDatasetPolicy off = new AutoDatasetPolicy(new AutoDatasetPolicy.Settings(false, 1, Duration.ZERO, Duration.ZERO));
        assertThat(off.due(inputs(new SampleArrivals(), 1000, 0, null), at(1000))).isFalse();
        assertThat(off.state(inputs(new SampleArrivals(), 1000, 0, null))).isEqualTo(State.OFF);
        assertThatThrownBy(() -> new AutoDatasetPolicy.Settings(true, 0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("inkflow.cleaner.auto-dataset.min-new-samples");
        assertThatThrownBy(() -> new AutoDatasetPolicy.Settings(true, 1, Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void zeroMaxDelayWaitsForQuietHoweverLong() {
        AutoDatasetPolicy policy = new AutoDatasetPolicy(new AutoDatasetPolicy.Settings(true, 1, Duration.ofSeconds(30), Duration.ZERO));
        SampleArrivals arrivals = new SampleArrivals();
        for (long s = 0; s < 10_000; s += 10) {
            arrivals.arrived(at(s));
            assertThat(policy.due(inputs(arrivals, (int) s / 10 + 1, 0, null), at(s + 5))).isFalse();
        }
    }
}
