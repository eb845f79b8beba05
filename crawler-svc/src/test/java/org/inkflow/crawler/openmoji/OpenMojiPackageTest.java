package org.inkflow.crawler.openmoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inkflow.crawler.fakes.OpenMojiTarball;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenMojiPackageTest {

    @TempDir
    Path dir;

    OpenMojiPackage read(Path tgz, long maxEntry) throws IOException {
        try (InputStream in = Files.newInputStream(tgz)) {
            return OpenMojiPackage.read(in, maxEntry, 10_000_000);
        }
    }

    @Test
    void readsEntriesAndSvgPairsWhateverTheOrderInTheArchive() throws Exception {
        OpenMojiPackage pack = read(OpenMojiTarball.standard().writeTo(dir.resolve("om.tgz")), 100_000);
        assertThat(pack.entries()).extracting(OpenMojiEntry::hexcode)
                .containsExactly("1F600", "1F44B", "1F44B-1F3FB", "1F431", "1F1EB-1F1F7", "1F9FF");
        OpenMojiEntry grin = pack.entries().get(0);
        assertThat(grin.allTags()).containsExactly("smileys-emotion", "face-smiling", "face", "grin", "happy");
        assertThat(grin.groupKey()).isEqualTo("1F600");
        assertThat(pack.entries().get(2).groupKey()).as("skin-tone variant keeps its base").isEqualTo("1F44B");
        assertThat(pack.colorSvg("1F9FF")).isPresent();
        assertThat(pack.blackSvg("1F9FF")).isEmpty();
        assertThat(new String(pack.blackSvg("1F600").orElseThrow())).contains("stroke=\"#000000\"");
    }

    @Test
    void aTarballWithoutOpenmojiJsonIsNotThePackage() throws Exception {
        Path tgz = new OpenMojiTarball().file("package/color/svg/1F600.svg", "<svg/>").writeTo(dir.resolve("x.tgz"));
        // writeTo always adds openmoji.json, so build one by hand without it
        Path bare = dir.resolve("bare.tgz");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(bare)))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("package/color/svg/1F600.svg");
            entry.setSize(6);
            out.putArchiveEntry(entry);
            out.write("<svg/>".getBytes());
            out.closeArchiveEntry();
        }
        assertThat(read(tgz, 100_000).entries()).isEmpty();
        assertThatThrownBy(() -> read(bare, 100_000)).hasMessageContaining("no data/openmoji.json");
    }

    @Test
    void oversizedEntriesAndNonArchivesAreRefused() throws Exception {
        Path tgz = OpenMojiTarball.standard().writeTo(dir.resolve("om.tgz"));
        assertThatThrownBy(() -> read(tgz, 50)).isInstanceOf(IOException.class).hasMessageContaining("max-entry-bytes");
        assertThatThrownBy(() -> OpenMojiPackage.read(new ByteArrayInputStream("<html>not a tarball</html>".getBytes()), 1000, 1000))
                .isInstanceOf(IOException.class).hasMessageContaining("not a readable tar.gz");
    }
}
