package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldoutMainTest {

    @Test
    void optionsAreNameValuePairsAndMayRepeat() {
        var opts = HeldoutMain.parse(new String[] {"--set", "s", "--model", "a", "--model", "b"});
        assertThat(opts.get("set")).containsExactly("s");
        assertThat(opts.get("model")).isEqualTo(List.of("a", "b"));
    }

    @Test
    void aMissingValueOrAStrayWordIsRefusedByName() {
        assertThatThrownBy(() -> HeldoutMain.parse(new String[] {"--hints"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--hints");
        assertThatThrownBy(() -> HeldoutMain.parse(new String[] {"model", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'model'");
    }
}
