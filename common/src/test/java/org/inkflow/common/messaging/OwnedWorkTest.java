package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.inkflow.common.events.Topics;
import org.junit.jupiter.api.Test;

class OwnedWorkTest {

    static final TopicPartition P0 = new TopicPartition(Topics.CRAWL_JOBS, 0);
    static final TopicPartition P1 = new TopicPartition(Topics.CRAWL_JOBS, 1);
    static final TopicPartition P2 = new TopicPartition(Topics.CRAWL_JOBS, 2);

    final OwnedWork work = new OwnedWork("crawl-jobs");
    final List<String> stopped = new ArrayList<>();

    OwnedWork.Unit unit(String id) {
        return () -> stopped.add(id);
    }

    @Test
    void assignmentDecidesWhatThisReplicaOwns() {
        work.assigned(List.of(P0, P2));
        assertThat(work.hold(P0, "a", unit("a"))).isTrue();
        assertThat(work.hold(P1, "b", unit("b"))).isTrue();

        assertThat(work.owns("a")).isTrue();
        assertThat(work.owns("b")).as("held from a partition not assigned here").isFalse();
        assertThat(work.owns("c")).isFalse();
        assertThat(work.partitions()).containsExactlyInAnyOrder(P0, P2);
    }

    @Test
    void revokingStopsOnlyTheUnitsOfThosePartitionsAndForgetsThem() {
        work.assigned(List.of(P0, P1, P2));
        work.hold(P0, "a", unit("a"));
        work.hold(P1, "b", unit("b"));
        work.hold(P1, "c", unit("c"));
        work.hold(P2, "d", unit("d"));

        assertThat(work.revoked(List.of(P1))).containsExactly("b", "c");

        assertThat(stopped).containsExactly("b", "c");
        assertThat(work.ids()).isEqualTo(Set.of("a", "d"));
        assertThat(work.partitions()).containsExactlyInAnyOrder(P0, P2);
        // An incremental assignment gives it back: nothing is resumed until its records arrive again.
        work.assigned(List.of(P1));
        assertThat(work.ids()).isEqualTo(Set.of("a", "d"));
    }

    @Test
    void aUnitIsHeldOnceAndALateReleaseDoesNotDropANewerHold() {
        work.assigned(List.of(P0));
        OwnedWork.Unit first = unit("a#1");
        assertThat(work.hold(P0, "a", first)).isTrue();
        assertThat(work.hold(P0, "a", unit("a#2"))).as("the same unit twice").isFalse();

        work.revoked(List.of(P0));
        work.assigned(List.of(P0));
        OwnedWork.Unit second = unit("a#2");
        assertThat(work.hold(P0, "a", second)).isTrue();

        work.release("a", first); // the first run's end arrives after the second hold
        assertThat(work.holds("a")).isTrue();
        work.release("a", second);
        assertThat(work.holds("a")).isFalse();
    }

    @Test
    void aUnitThatFailsToStopIsStillForgotten() {
        work.assigned(List.of(P0));
        work.hold(P0, "a", () -> {
            throw new IllegalStateException("checkpoint failed");
        });
        work.hold(P0, "b", unit("b"));

        assertThat(work.revoked(List.of(P0))).containsExactly("a", "b");
        assertThat(stopped).containsExactly("b");
        assertThat(work.ids()).isEmpty();
    }
}
