package org.inkflow.cleaner.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.artifacts.DatasetStatus;
import org.junit.jupiter.api.Test;

class DatasetAttemptCapTest {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    static DatasetStatus cut(int attempts, String error) {
        return new DatasetStatus(DatasetStatus.SCHEMA_VERSION, "auto", "20260102T030405Z-abcdefabcdef",
                DatasetStatus.State.BUILDING, new DatasetStatus.Request("auto", 64, "pad", "paired", false, null, null,
                List.of(), List.of(), 0.7, 0.2, 0.1, 7L), "abcdefabcdef00", Map.of("train", 3), Map.of(),
                "m", "s", "p", error, T0, T0, attempts);
    }

    @Test
    void aVersionIsResumedUntilItsBuildStartedMaxAttemptsTimes() {
        AttemptCap cap = new AttemptCap(3);
        assertThat(DatasetBuilder.notResumed(cut(0, null), cap)).isEmpty();
        assertThat(DatasetBuilder.notResumed(cut(2, null), cap)).as("a third start is allowed").isEmpty();
        assertThat(DatasetBuilder.notResumed(cut(3, null), cap)).contains("version 20260102T030405Z-abcdefabcdef is not"
                + " resumed: its build started 3 times without finishing; the process died each time"
                + " (inkflow.cleaner.datasets.max-attempts=3); POST the request again");
        assertThat(DatasetBuilder.notResumed(cut(4, "OutOfMemoryError: Java heap space"), cap).orElseThrow())
                .contains("started 4 times without finishing; last error: OutOfMemoryError: Java heap space");
        assertThat(DatasetBuilder.notResumed(cut(1, null), new AttemptCap(1))).as("max-attempts=1: never resumed").isPresent();
    }

    @Test
    void aStartIsCountedInTheStatusAndReadBackByTheNextOwner() {
        DatasetStatus started = cut(1, null).withAttempts(2, T0.plusSeconds(9));
        DatasetStatus read = DatasetStatus.read(started.toJson());
        assertThat(read.attempts()).isEqualTo(2);
        assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(read.with(DatasetStatus.State.FAILED, "why", T0.plusSeconds(10)).attempts()).as("kept when it ends").isEqualTo(2);
    }
}
