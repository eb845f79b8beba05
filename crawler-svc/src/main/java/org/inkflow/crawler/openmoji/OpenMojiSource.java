package org.inkflow.crawler.openmoji;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.crawler.crawl.CrawlJobException;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.net.FetchRequest;
import org.inkflow.crawler.net.PoliteHttpClient;
import org.inkflow.crawler.sources.Candidate;
import org.inkflow.crawler.sources.ImageSource;
import org.inkflow.crawler.sources.RenderedImage;
import org.inkflow.crawler.sources.SourceCrawl;
import org.inkflow.crawler.sources.SourcePage;

/**
 * Imports the OpenMoji 17 dataset (CC BY-SA 4.0) from its npm tarball, a local path or an http(s) URL: each emoji's
 * colour SVG rendered at the job's size on white is the image, its black outline SVG rendered the same way is the
 * paired line art. Tags are group, subgroup and the emoji's tags; skin-tone variants share a group key; excluded
 * groups (flags, components...) are left out of the listing; a job's tags keep only emojis carrying one of them.
 */
public final class OpenMojiSource implements ImageSource {

    public static final String NAME = "openmoji";
    private static final String LIBRARY = "https://openmoji.org/library/emoji-";

    private final PoliteHttpClient http;
    private final SvgRasterizer rasterizer;
    private final Settings settings;

    /**
     * The importer's limits and filters. {@code importRoots} are the only folders a local tarball may be read from
     * ({@code inkflow.crawler.import-roots}); none means local imports are refused, so a caller cannot make the
     * crawler read {@code /etc/passwd} or learn whether a file exists.
     */
    public record Settings(Set<String> excludedGroups, int pageSize, int maxSize, long maxArchiveBytes,
                           long maxEntryBytes, long maxUnpackedBytes, String license, List<Path> importRoots) {
        public Settings {
            excludedGroups = excludedGroups.stream().map(g -> g.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            importRoots = importRoots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
        }
    }

    public OpenMojiSource(PoliteHttpClient http, SvgRasterizer rasterizer, Settings settings) {
        this.http = http;
        this.rasterizer = rasterizer;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(CrawlSpec spec) {
        if (spec.size() < 8 || spec.size() > settings.maxSize()) {
            throw new InvalidCrawlJobException("size", "size " + spec.size() + " is out of range; OpenMoji images are"
                    + " rendered 8 to " + settings.maxSize() + " pixels square (inkflow.crawler.openmoji.max-size)");
        }
        Location location = locate(spec.baseUrl());
        if (location.remote() != null) {
            try {
                http.checkTarget(location.remote());
            } catch (ItemException e) {
                throw new InvalidCrawlJobException("baseUrl", e.getMessage());
            }
        } else {
            // Outside the roots is refused before the file is looked at, so the answer is the same whether or not
            // it exists; inside them, a link that leads out is refused with the same words.
            checkImportRoot(location.file(), spec.baseUrl());
            if (!Files.isRegularFile(location.file()) || !Files.isReadable(location.file())) {
                throw new InvalidCrawlJobException("baseUrl", "no readable file at " + location.file()
                        + "; give the path or URL of openmoji-17.0.0.tgz (npm pack openmoji@17.0.0)");
            }
            checkRealPath(location.file(), spec.baseUrl());
        }
    }

    private void checkImportRoot(Path file, String baseUrl) {
        if (settings.importRoots().stream().noneMatch(file::startsWith)) {
            throw outsideImportRoots(baseUrl);
        }
    }

    private void checkRealPath(Path file, String baseUrl) {
        try {
            Path real = file.toRealPath();
            for (Path root : settings.importRoots()) {
                if (Files.isDirectory(root) && real.startsWith(root.toRealPath())) {
                    return;
                }
            }
        } catch (IOException e) {
            // unreadable counts as outside: the caller learns nothing more than for any other refused path
        }
        throw outsideImportRoots(baseUrl);
    }

    private InvalidCrawlJobException outsideImportRoots(String baseUrl) {
        return new InvalidCrawlJobException("baseUrl", "baseUrl '" + baseUrl.trim() + "' is not under an import root;"
                + " local imports are read only from the folders in inkflow.crawler.import-roots"
                + (settings.importRoots().isEmpty() ? " (none configured, so only http(s) URLs are taken)" : "")
                + "; put openmoji-17.0.0.tgz in one or give its http(s) URL");
    }

    @Override
    public SourceCrawl open(CrawlSpec spec) throws CrawlJobException, InterruptedException {
        OpenMojiPackage pack = load(spec);
        Set<String> wanted = spec.tags().stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<OpenMojiEntry> selected = pack.entries().stream()
                .filter(e -> !settings.excludedGroups().contains(e.group().toLowerCase(Locale.ROOT)))
                .filter(e -> pack.colorSvg(e.hexcode()).isPresent())
                .filter(e -> wanted.isEmpty() || e.allTags().stream().anyMatch(t -> wanted.contains(t.toLowerCase(Locale.ROOT))))
                .toList();
        int pageSize = settings.pageSize();
        return page -> {
            int from = Math.min(selected.size(), page * pageSize);
            int to = Math.min(selected.size(), from + pageSize);
            List<Candidate> items = selected.subList(from, to).stream().map(e -> candidate(pack, e, spec.size())).toList();
            return new SourcePage(items, to >= selected.size());
        };
    }

    private Candidate candidate(OpenMojiPackage pack, OpenMojiEntry entry, int size) {
        String hex = entry.hexcode();
        String page = LIBRARY + hex + "/";
        if (pack.blackSvg(hex).isEmpty()) {
            return Candidate.rejected(hex, entry.allTags(), "g", page, ItemException.skipped(Reasons.MISSING_LINE_ART,
                    "emoji " + hex + " has color/svg/" + hex + ".svg but no black/svg/" + hex + ".svg"));
        }
        Candidate.Renderer renderer = () -> {
            BufferedImage color = render(pack.colorSvg(hex).orElseThrow(), size, hex, "color");
            BufferedImage line = toGray(render(pack.blackSvg(hex).orElseThrow(), size, hex, "black"));
            return new RenderedImage(ImageArrays.encodePng(color), size, size, ImageArrays.encodePng(line));
        };
        return new Candidate(hex, null, null, null, entry.allTags(), "g", size, size, page, settings.license(),
                entry.groupKey(), entry.group().isBlank() ? "ungrouped" : entry.group(), null, renderer);
    }

    private BufferedImage render(byte[] svg, int size, String hex, String kind) throws ItemException {
        try {
            return rasterizer.render(svg, size, size); // [size, size] RGB on white
        } catch (SvgRasterizer.UnsafeSvgException e) {
            throw ItemException.skipped(Reasons.UNSAFE_SVG, kind + "/svg/" + hex + ".svg: " + e.getMessage());
        } catch (SvgRasterizer.RasterizeException e) {
            throw ItemException.failed(Reasons.RASTERIZE, kind + "/svg/" + hex + ".svg: " + e.getMessage(), e);
        }
    }

    private static BufferedImage toGray(BufferedImage rgb) {
        BufferedImage gray = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        try {
            g.drawImage(rgb, 0, 0, null);
        } finally {
            g.dispose();
        }
        return gray;
    }

    private OpenMojiPackage load(CrawlSpec spec) throws CrawlJobException, InterruptedException {
        Location location = locate(spec.baseUrl());
        if (location.file() != null) {
            // Checked again when the job runs: a job resumed after a restart may predate a narrower configuration.
            try {
                checkImportRoot(location.file(), spec.baseUrl());
                checkRealPath(location.file(), spec.baseUrl());
            } catch (InvalidCrawlJobException e) {
                throw new CrawlJobException(e.getMessage(), e);
            }
        }
        try (InputStream in = location.remote() != null ? download(location.remote(), spec.requestsPerSecond())
                : Files.newInputStream(location.file())) {
            return OpenMojiPackage.read(in, settings.maxEntryBytes(), settings.maxUnpackedBytes());
        } catch (IOException e) {
            throw new CrawlJobException("cannot read the OpenMoji package at " + spec.baseUrl() + ": " + e.getMessage(), e);
        }
    }

    private InputStream download(URI uri, double rate) throws CrawlJobException, InterruptedException {
        try {
            return new ByteArrayInputStream(http.fetch(FetchRequest.any(uri, settings.maxArchiveBytes(), rate)).body());
        } catch (ItemException e) {
            throw new CrawlJobException("cannot download the OpenMoji package: " + e.getMessage(), e);
        }
    }

    /** Where the tarball is: exactly one of a remote URL or a local file. */
    record Location(URI remote, Path file) {
    }

    static Location locate(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new InvalidCrawlJobException("baseUrl", "baseUrl is required: the path or URL of openmoji-17.0.0.tgz");
        }
        String value = baseUrl.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                return new Location(new URI(value), null);
            }
            if (lower.startsWith("file:")) {
                return new Location(null, Path.of(new URI(value)));
            }
            if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
                throw new InvalidCrawlJobException("baseUrl", "baseUrl '" + value + "' uses an unsupported scheme;"
                        + " give a local path, a file: URL or an http(s) URL");
            }
            Path path = Path.of(value);
            if (!path.isAbsolute()) {
                throw new InvalidCrawlJobException("baseUrl", "baseUrl '" + value + "' must be an absolute path");
            }
            return new Location(null, path.normalize());
        } catch (URISyntaxException | IllegalArgumentException e) { // InvalidPathException is one
            throw new InvalidCrawlJobException("baseUrl", "baseUrl '" + value + "' is neither a path nor a URL: " + e.getMessage());
        }
    }
}
