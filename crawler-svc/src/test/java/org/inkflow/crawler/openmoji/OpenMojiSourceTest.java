package org.inkflow.crawler.openmoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.crawler.fakes.OpenMojiTarball;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.sources.Candidate;
import org.inkflow.crawler.sources.RenderedImage;
import org.inkflow.crawler.sources.SourceCrawl;
import org.inkflow.crawler.sources.SourcePage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenMojiSourceTest {

    @TempDir
    Path dir;
    Path tgz;
    OpenMojiSource source;

    @BeforeEach
    void setUp() throws Exception {
        tgz = OpenMojiTarball.standard().writeTo(dir.resolve("openmoji-17.0.0.tgz"));
        source = new OpenMojiSource(null, new SvgRasterizer(), new OpenMojiSource.Settings(
                Set.of("flags", "component", "extras-unicode"), 3, 256, 1 << 20, 1 << 20, 1 << 24, "CC BY-SA 4.0 (OpenMoji, https://openmoji.org)",
                List.of(dir)));
    }

    CrawlSpec spec(String baseUrl, List<String> tags, int size) {
        return new CrawlSpec("job-1", "openmoji", baseUrl, tags, null, 100, 1.0, size, Instant.EPOCH);
    }

    @Test
    void listsEveryEmojiButExcludedGroupsInPages() throws Exception {
        try (SourceCrawl crawl = source.open(spec(tgz.toString(), List.of(), 64))) {
            SourcePage first = crawl.page(0);
            SourcePage second = crawl.page(1);
            assertThat(first.items()).extracting(Candidate::postId).containsExactly("1F600", "1F44B", "1F44B-1F3FB");
            assertThat(first.last()).isFalse();
            assertThat(second.items()).extracting(Candidate::postId).containsExactly("1F431", "1F9FF");
            assertThat(second.last()).isTrue();
            assertThat(crawl.page(2).items()).isEmpty();
            Candidate missing = second.items().get(1);
            assertThat(missing.rejection().reason()).isEqualTo(Reasons.MISSING_LINE_ART);
        }
    }

    @Test
    void rendersPairsWithTagsGroupKeysAndLicense() throws Exception {
        try (SourceCrawl crawl = source.open(spec(tgz.toUri().toString(), List.of(), 64))) {
            Candidate wave = crawl.page(0).items().get(2);
            assertThat(wave.groupKey()).isEqualTo("1F44B");
            assertThat(wave.folder()).isEqualTo("people-body");
            assertThat(wave.tags()).containsExactly("people-body", "hand-fingers-open");
            assertThat(wave.license()).contains("CC BY-SA 4.0").contains("OpenMoji");
            assertThat(wave.rating()).isEqualTo("g");

            RenderedImage pair = wave.renderer().render();
            BufferedImage color = ImageArrays.decode(pair.png());
            BufferedImage line = ImageArrays.decode(pair.lineArtPng());
            assertThat(List.of(color.getWidth(), color.getHeight(), line.getWidth(), line.getHeight())).containsOnly(64);
            assertThat(line.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
            int centre = color.getRGB(32, 32) & 0xffffff;
            assertThat(centre).as("skin fill #FADCBC").isEqualTo(0xFADCBC);
            assertThat(line.getRGB(32, 32) & 0xff).as("outline layer is white inside").isEqualTo(255);
            assertThat(line.getRGB(32, 32 - 20) & 0xff).as("and black on the ring").isLessThan(60);
            assertThat(color.getRGB(0, 0) & 0xffffff).as("paper").isEqualTo(0xFFFFFF);
        }
    }

    @Test
    void jobTagsKeepOnlyMatchingEmojis() throws Exception {
        try (SourceCrawl crawl = source.open(spec(tgz.toString(), List.of("Cat"), 32))) {
            SourcePage page = crawl.page(0);
            assertThat(page.items()).extracting(Candidate::postId).containsExactly("1F431");
            assertThat(ImageArrays.decode(page.items().get(0).renderer().render().png()).getWidth()).isEqualTo(32);
        }
    }

    /** Issue 17: {@code /etc/passwd} was accepted, and 400 or 201 told a caller whether a file existed. */
    @Test
    void localImportsAreReadOnlyFromImportRootsWithTheSameAnswerWhetherOrNotTheFileExists() throws Exception {
        String passwd = refusal(source, "/etc/passwd");
        assertThat(passwd).contains("not under an import root").contains("inkflow.crawler.import-roots");
        assertThat(refusal(source, "/etc/no-such-file-17").replace("/etc/no-such-file-17", "/etc/passwd")).isEqualTo(passwd);
        assertThat(refusal(source, "file:///etc/passwd")).contains("not under an import root");
        assertThat(refusal(source, dir + "/../../etc/passwd")).contains("not under an import root");
        Path link = dir.resolve("escape.tgz");
        try {
            Files.createSymbolicLink(link, Path.of("/etc/passwd"));
            assertThat(refusal(source, link.toString())).contains("not under an import root");
        } catch (UnsupportedOperationException e) {
            // no symbolic links on this file system: nothing to escape through
        }
        OpenMojiSource closed = new OpenMojiSource(null, new SvgRasterizer(), new OpenMojiSource.Settings(
                Set.of(), 3, 256, 1 << 20, 1 << 20, 1 << 24, "x", List.of()));
        assertThat(refusal(closed, tgz.toString())).contains("none configured");
        source.validate(spec(tgz.toString(), List.of(), 64));
    }

    private String refusal(OpenMojiSource s, String baseUrl) {
        InvalidCrawlJobException e = catchThrowableOfType(() -> s.validate(spec(baseUrl, List.of(), 64)),
                InvalidCrawlJobException.class);
        assertThat(e).as("refused: " + baseUrl).isNotNull();
        assertThat(e.field()).isEqualTo("baseUrl");
        return e.getMessage();
    }

    @Test
    void invalidJobsAreRefusedWithTheField() {
        assertThatThrownBy(() -> source.validate(spec(tgz.toString(), List.of(), 4)))
                .isInstanceOfSatisfying(InvalidCrawlJobException.class, e -> assertThat(e.field()).isEqualTo("size"));
        assertThatThrownBy(() -> source.validate(spec(dir.resolve("nope.tgz").toString(), List.of(), 64)))
                .hasMessageContaining("no readable file");
        assertThatThrownBy(() -> source.validate(spec("relative/om.tgz", List.of(), 64))).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> source.validate(spec("ftp://example/om.tgz", List.of(), 64))).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> source.validate(spec(null, List.of(), 64)))
                .isInstanceOfSatisfying(InvalidCrawlJobException.class, e -> assertThat(e.field()).isEqualTo("baseUrl"));
    }
}
