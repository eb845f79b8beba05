package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IconifyIconsTest {

    @Test
    void buildsOneSvgPerVisibleIconWithItsOwnOrTheSetsViewBox() {
        String json = """
                {"prefix": "t", "width": 48, "height": 40,
                 "icons": {
                   "zebra": {"body": "<path fill=\\"#f00\\" d=\\"M0 0h10v10z\\"/>"},
                   "apple": {"body": "<circle cx=\\"4\\" cy=\\"4\\" r=\\"3\\"/>", "width": 24, "left": 2},
                   "ghost": {"body": "<path d=\\"M0 0h1v1z\\"/>", "hidden": true}
                 },
                 "aliases": {"apple-alias": {"parent": "apple"}}}
                """;
        List<IconifyIcons.Icon> icons = IconifyIcons.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(icons).extracting(IconifyIcons.Icon::name).containsExactly("apple", "zebra");
        String apple = new String(icons.get(0).svg(), StandardCharsets.UTF_8);
        assertThat(apple).contains("viewBox=\"2 0 24 40\"").contains("width=\"24\" height=\"40\"")
                .contains("<circle cx=\"4\" cy=\"4\" r=\"3\"/>").startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .endsWith("</svg>");
        assertThat(new String(icons.get(1).svg(), StandardCharsets.UTF_8)).contains("viewBox=\"0 0 48 40\"");
    }

    @Test
    void theFormatsDefaultViewBoxIs16By16() {
        List<IconifyIcons.Icon> icons = IconifyIcons.parse("{\"icons\": {\"a\": {\"body\": \"<g/>\"}}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(new String(icons.get(0).svg(), StandardCharsets.UTF_8)).contains("viewBox=\"0 0 16 16\"");
    }

    @Test
    void refusesWhatIsNotAnIconSet() {
        assertThatThrownBy(() -> IconifyIcons.parse("{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no \"icons\" object");
        assertThatThrownBy(() -> IconifyIcons.parse("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> IconifyIcons.parse("{\"icons\": {\"a\": {\"body\": \"<g/>\", \"width\": 0}}}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("icon a");
    }
}
