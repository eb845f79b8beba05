package org.inkflow.crawler.openmoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.TestImages;
import org.junit.jupiter.api.Test;

class SvgRasterizerTest {

    final SvgRasterizer rasterizer = new SvgRasterizer();

    static byte[] svg(String body) {
        return ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 72 72\">"
                + body + "</svg>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rendersAtTheRequestedNonSquareSizeCentredOnWhite() throws Exception {
        BufferedImage image = rasterizer.render(svg("<rect x=\"0\" y=\"0\" width=\"72\" height=\"72\" fill=\"#FF0000\"/>"), 48, 32);
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(image.getHeight()).isEqualTo(32);
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        // the square viewBox fits the 32 px height and is centred: columns 8..39 red, the sides white paper
        assertThat(image.getRGB(24, 16) & 0xffffff).isEqualTo(0xFF0000);
        assertThat(image.getRGB(2, 16) & 0xffffff).isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(45, 5) & 0xffffff).isEqualTo(0xFFFFFF);
    }

    @Test
    void transparentAreasBecomeWhite() throws Exception {
        BufferedImage image = rasterizer.render(svg("<circle cx=\"36\" cy=\"36\" r=\"10\" fill=\"#000000\"/>"), 36, 36);
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(18, 18) & 0xffffff).isEqualTo(0x000000);
    }

    @Test
    void externalResourcesAreNeverFetched() {
        try (FakeBooruServer server = FakeBooruServer.start()) {
            server.png("/leak.png", TestImages.png(3, 8, 8));
            byte[] hostile = svg("<image x=\"0\" y=\"0\" width=\"72\" height=\"72\" xlink:href=\"" + server.url("/leak.png") + "\"/>"
                    + "<use xlink:href=\"" + server.url("/defs.svg") + "#x\"/>");
            try {
                rasterizer.render(hostile, 16, 16);
            } catch (SvgRasterizer.RasterizeException refused) {
                // refusing to render is as good as rendering without the resource
            }
            assertThat(server.hits()).as("requests made by the renderer").isEmpty();
        }
    }

    @Test
    void dtdsAndEntitiesAreRefusedBeforeParsing() {
        byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><text>&x;</text></svg>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rasterizer.render(xxe, 10, 10)).isInstanceOf(SvgRasterizer.UnsafeSvgException.class)
                .hasMessageContaining("DTD");
    }

    @Test
    void aDoctypeAnywhereAndInAnyEncodingIsFoundByParsingNotByScanning() {
        String padding = "<!--" + "x".repeat(10_000) + "-->";
        byte[] late = ("<?xml version=\"1.0\"?>" + padding + "<!DOCTYPE svg SYSTEM \"file:///etc/passwd\">"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rasterizer.render(late, 10, 10)).isInstanceOf(SvgRasterizer.UnsafeSvgException.class)
                .hasMessageContaining("declares a DTD");
        byte[] utf16 = ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE svg [<!ENTITY x \"y\">]>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>").getBytes(StandardCharsets.UTF_16);
        assertThatThrownBy(() -> rasterizer.render(utf16, 10, 10)).isInstanceOf(SvgRasterizer.UnsafeSvgException.class)
                .hasMessageContaining("declares a DTD");
        byte[] entity = svg("<text>&amp;&undeclared;</text>");
        assertThatThrownBy(() -> rasterizer.render(entity, 10, 10)).isInstanceOf(SvgRasterizer.UnsafeSvgException.class);
    }

    @Test
    void embeddedImagesAreBoundedByTheirHeaderAndMustBeRaster() throws Exception {
        SvgRasterizer small = new SvgRasterizer(30 * 20);
        String fits = java.util.Base64.getEncoder().encodeToString(TestImages.png(1, 30, 20));
        String tooBig = java.util.Base64.getEncoder().encodeToString(TestImages.png(1, 31, 20));
        // Within the limit it passes the check (Batik itself then declines data: URIs: external resources are off).
        new SvgPrecheck(new org.inkflow.common.image.SafeImageDecoder(30 * 20)).check(
                svg("<image width=\"72\" height=\"72\" xlink:href=\"data:image/png;base64," + fits + "\"/>"));
        assertThatThrownBy(() -> small.render(svg("<image width=\"72\" height=\"72\" xlink:href=\"data:image/png;base64,"
                + tooBig + "\"/>"), 12, 8)).isInstanceOf(SvgRasterizer.UnsafeSvgException.class)
                .hasMessageContaining("31x20 pixels, above the limit of 600");
        assertThatThrownBy(() -> small.render(svg("<image href=\"data:image/svg+xml;base64,PHN2Zy8+\"/>"), 12, 8))
                .hasMessageContaining("base64 raster image");
        assertThatThrownBy(() -> small.render(svg("<image href=\"data:image/png;base64,@@@\"/>"), 12, 8))
                .hasMessageContaining("not valid base64");
    }

    @Test
    void brokenSvgIsRefusedWithTheCause() {
        assertThatThrownBy(() -> rasterizer.render("<svg><rect".getBytes(StandardCharsets.UTF_8), 10, 10))
                .isInstanceOf(SvgRasterizer.RasterizeException.class).hasMessageContaining("not well-formed");
    }
}
