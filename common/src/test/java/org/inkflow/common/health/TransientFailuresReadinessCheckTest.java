package org.inkflow.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.inkflow.common.messaging.WaitingRecords;
import org.junit.jupiter.api.Test;

class TransientFailuresReadinessCheckTest {

    final WaitingRecords waiting = new WaitingRecords(Clock.fixed(Instant.parse("2026-12-02T03:00:00Z"), ZoneOffset.UTC));
    final TransientFailuresReadinessCheck check = new TransientFailuresReadinessCheck(waiting);

    @Test
    void downWhileARecordWaitsOnADependencyWithItsAttemptsAndLastFailure() {
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        waiting.failedTransiently("inkflow.images.raw-0@7", new RuntimeException("S3 refused the connection"));
        waiting.failedTransiently("inkflow.images.raw-0@7", new RuntimeException("S3 timed out"));
        HealthCheckResponse down = check.call();
        assertThat(down.getName()).isEqualTo("transient-failures");
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData().orElseThrow()).containsEntry("waiting", 1L)
                .containsEntry("inkflow.images.raw-0@7", "since 2026-12-02T03:00:00Z, 2 attempt(s): S3 timed out");

        waiting.done("inkflow.images.raw-0@7");
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void listsAFewRecordsAndCountsAll() {
        for (int i = 0; i < 8; i++) {
            waiting.failedTransiently("t-0@" + i, new RuntimeException("down"));
        }
        var data = check.call().getData().orElseThrow();
        assertThat(data).containsEntry("waiting", 8L).hasSize(1 + 5);
    }
}
