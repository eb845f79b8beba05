package org.inkflow.crawler.openmoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inkflow.common.image.ImageArrays;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: reads the real OpenMoji 17 package when it is present ({@code -Dinkflow.test.openmoji-tgz=<path>}, or
 * /tmp/om/openmoji-17.0.0.tgz) and renders a few pairs; skipped otherwise.
 */
class OpenMojiRealPackageTest {

    @Test
    void readsTheRealPackageAndRendersPairs() throws Exception {
        Path tgz = Path.of(System.getProperty("inkflow.test.openmoji-tgz", "/tmp/om/openmoji-17.0.0.tgz"));
        assumeTrue(Files.isRegularFile(tgz), "no OpenMoji package at " + tgz);
        OpenMojiPackage pack;
        try (InputStream in = Files.newInputStream(tgz)) {
            pack = OpenMojiPackage.read(in, 2 << 20, 256L << 20);
        }
        assertThat(pack.entries()).hasSize(4495);
        SvgRasterizer rasterizer = new SvgRasterizer();
        for (String hex : new String[] {"1F600", "1F44B-1F3FB", "1F431"}) {
            var color = rasterizer.render(pack.colorSvg(hex).orElseThrow(), 64, 64);
            var line = rasterizer.render(pack.blackSvg(hex).orElseThrow(), 64, 64);
            float[] c = ImageArrays.toGray(color);
            float[] l = ImageArrays.toGray(line);
            double inkColor = 0;
            double inkLine = 0;
            for (int i = 0; i < c.length; i++) {
                inkColor += 1 - c[i];
                inkLine += 1 - l[i];
            }
            assertThat(inkLine).as(hex + " outline has ink").isGreaterThan(50);
            assertThat(inkColor).as(hex + " colour has more than its outline").isGreaterThan(inkLine);
        }
        assertThat(pack.entries().stream().filter(e -> e.hexcode().equals("1F44B-1F3FB")).findFirst().orElseThrow().groupKey())
                .isEqualTo("1F44B");
    }
}
