package org.inkflow.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A training run's record: run (the default, as records before {@code action} had) or cancel, with its mode. */
class TrainingRequestedTest {

    @Test
    void aRecordWithoutActionIsARunAndKeepsItsFields() {
        TrainingRequested old = EventJson.read("{\"schemaVersion\":1,\"runId\":\"r-1\",\"datasetName\":\"d\","
                + "\"datasetVersion\":\"1\",\"hyperparameters\":{\"steps\":5}}", TrainingRequested.class);
        assertThat(old.isCancel()).isFalse();
        assertThat(old.action()).isEqualTo(TrainingRequested.RUN);
        assertThat(old.mode()).isNull();
        assertThat(old.hyperparameters()).containsEntry("steps", 5);
        assertThat(old.key()).isEqualTo("r-1");

        TrainingRequested range = new TrainingRequested(1, "r-2", "d", "1", null, Map.of(), null, Instant.now(),
                "lr-range", null);
        assertThat(EventJson.read(EventJson.write(range), TrainingRequested.class)).isEqualTo(range);
    }

    @Test
    void aCancelNeedsOnlyTheRunIdAndHasItsKey() {
        TrainingRequested cancel = TrainingRequested.cancel("r-3", Instant.now());
        TrainingRequested read = EventJson.read(EventJson.write(cancel), TrainingRequested.class);
        assertThat(read.isCancel()).isTrue();
        assertThat(read.key()).isEqualTo("r-3");
        assertThat(read.datasetName()).isNull();
    }

    @Test
    void anUnknownActionOrARunWithoutItsDatasetIsRefused() {
        assertThatThrownBy(() -> EventJson.read("{\"schemaVersion\":1,\"runId\":\"r\",\"action\":\"pause\"}",
                TrainingRequested.class)).hasStackTraceContaining("unknown action 'pause'");
        assertThatThrownBy(() -> EventJson.read("{\"schemaVersion\":1,\"runId\":\"r\",\"datasetVersion\":\"1\"}",
                TrainingRequested.class)).hasStackTraceContaining("datasetName");
        assertThatThrownBy(() -> new TrainingRequested(1, "r", "../x", "1", null, Map.of(), null, Instant.now()))
                .isInstanceOf(InvalidEventException.class);
    }
}
