package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttemptCapTest {

    private final AttemptCap cap = new AttemptCap(3);

    @Test
    void aUnitMayStartUntilItHasStartedTheCap() {
        assertThat(cap.exhausted(0, null)).isEmpty();
        assertThat(cap.exhausted(2, "boom")).isEmpty();
    }

    @Test
    void aUnitThatStartedTheCapWithoutFinishingIsDone() {
        assertThat(cap.exhausted(3, null)).contains("started 3 times without finishing; the process died each time");
        assertThat(cap.exhausted(4, " ")).contains("started 4 times without finishing; the process died each time");
        assertThat(cap.exhausted(3, "S3 refused the upload"))
                .contains("started 3 times without finishing; last error: S3 refused the upload");
    }

    @Test
    void aCapBelowOneIsRejected() {
        assertThatThrownBy(() -> new AttemptCap(0)).hasMessageContaining("max-attempts must be at least 1");
    }
}
