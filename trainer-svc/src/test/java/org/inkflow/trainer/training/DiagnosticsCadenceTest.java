package org.inkflow.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Which steps go to the step log and which carry the per-layer diagnostics (ADR 0038). */
class DiagnosticsCadenceTest {

    private static List<Long> diagnosed(long total, int logEvery, int every) {
        return LongStream.range(0, total).filter(s -> TrainingLoop.diagnosed(s, total, logEvery, every)).boxed().toList();
    }

    private static List<Long> logged(long total, int logEvery) {
        return LongStream.range(0, total).filter(s -> TrainingLoop.logged(s, total, logEvery)).boxed().toList();
    }

    @Test
    void theDefaultsDiagnoseEveryFiftiethStepAndTheLast() {
        assertThat(diagnosed(120, 10, 50)).containsExactly(0L, 50L, 100L, 119L);
        assertThat(logged(120, 10)).containsExactly(0L, 10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L, 110L, 119L);
    }

    @Test
    void aCadenceThatIsNoMultipleOfTheLogTakesTheFirstLoggedStepOfEachWindow() {
        // windows [0,50) [50,100) [100,150) [150,200): first multiples of 7 in them are 0, 56, 105, 154
        assertThat(diagnosed(200, 7, 50)).containsExactly(0L, 56L, 105L, 154L, 199L);
        assertThat(diagnosed(200, 7, 50)).isSubsetOf(logged(200, 7));
    }

    @Test
    void aCadenceAtOrBelowTheLogDiagnosesEveryLoggedStep() {
        assertThat(diagnosed(45, 10, 1)).isEqualTo(logged(45, 10));
        assertThat(diagnosed(45, 10, 10)).isEqualTo(logged(45, 10));
        assertThat(diagnosed(45, 10, 4)).isEqualTo(logged(45, 10));
    }

    @Test
    void aWindowWithoutALoggedStepLeavesItOut() {
        // logEvery 100, every 30: the windows [30,60) and [60,90) hold no logged step
        assertThat(diagnosed(250, 100, 30)).containsExactly(0L, 100L, 200L, 249L);
    }

    @Test
    void aResumedRunDiagnosesTheStepsAnUninterruptedOneDoes() {
        // A function of the step alone: the same answers from any starting step.
        List<Long> whole = diagnosed(300, 10, 50);
        List<Long> fromMiddle = LongStream.range(137, 300).filter(s -> TrainingLoop.diagnosed(s, 300, 10, 50))
                .boxed().toList();
        assertThat(fromMiddle).isEqualTo(whole.stream().filter(s -> s >= 137).toList());
    }

    @Test
    void theCadenceMustBePositive() {
        assertThatThrownBy(() -> new TrainingLoop.Settings(0, 1, 4, 10, 2, Path.of("w"), 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diagnosticsEvery");
        assertThat(new TrainingLoop.Settings(0, 1, 4, 10, 2, Path.of("w")).diagnosticsEvery())
                .isEqualTo(TrainingLoop.DIAGNOSTICS_EVERY);
    }
}
