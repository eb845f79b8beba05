package org.inkflow.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    @Test
    void offByDefaultNoRunIdHalts() {
        assertThat(FaultInjection.OFF.enabled()).isFalse();
        assertThat(FaultInjection.OFF.halts("fault-halt-poison")).isFalse();
        // Off, the hook returns: this test JVM goes on.
        FaultInjection.OFF.afterCheckpoint("fault-halt-poison", 5);
    }

    @Test
    void whenEnabledOnlyRunsNamedForItHalt() {
        FaultInjection on = new FaultInjection(true);
        assertThat(on.halts("fault-halt-poison-1")).isTrue();
        assertThat(on.halts("next-1")).isFalse();
        assertThat(on.halts("my-fault-halt-run")).isFalse();
        on.afterCheckpoint("next-1", 5);
    }
}
