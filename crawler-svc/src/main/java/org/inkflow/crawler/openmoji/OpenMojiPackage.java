package org.inkflow.crawler.openmoji;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The parts of the OpenMoji npm tarball ({@code openmoji-17.0.0.tgz}) the importer uses, read in one streaming pass:
 * {@code data/openmoji.json} and the same-named SVGs under {@code color/svg/} and {@code black/svg/} (the black one
 * is the outline layer of the colour one). Everything else is skipped unread; per-file and total size limits guard
 * against archive bombs.
 */
public final class OpenMojiPackage {

    private static final Pattern SVG = Pattern.compile("^(?:[^/]+/)?(color|black)/svg/([0-9A-Fa-f]+(?:-[0-9A-Fa-f]+)*)\\.svg$");
    private static final Pattern DATA = Pattern.compile("^(?:[^/]+/)?data/openmoji\\.json$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<OpenMojiEntry> entries;
    private final Map<String, byte[]> color;
    private final Map<String, byte[]> black;

    private OpenMojiPackage(List<OpenMojiEntry> entries, Map<String, byte[]> color, Map<String, byte[]> black) {
        this.entries = entries;
        this.color = color;
        this.black = black;
    }

    /** Reads a {@code .tgz} stream; {@link IOException} with a clear message when it is not the OpenMoji package. */
    public static OpenMojiPackage read(InputStream tgz, long maxEntryBytes, long maxTotalBytes) throws IOException {
        Map<String, byte[]> color = new HashMap<>();
        Map<String, byte[]> black = new HashMap<>();
        byte[] data = null;
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName();
                Matcher svg = SVG.matcher(name);
                boolean isData = DATA.matcher(name).matches();
                if (!svg.matches() && !isData) {
                    continue;
                }
                long limit = isData ? Math.max(maxEntryBytes, 64L * 1024 * 1024) : maxEntryBytes;
                if (entry.getSize() > limit) {
                    throw new IOException(name + " in the archive is " + entry.getSize() + " bytes; the limit is " + limit
                            + " (inkflow.crawler.openmoji.max-entry-bytes)");
                }
                byte[] bytes = readAtMost(tar, limit, name);
                total += bytes.length;
                if (total > maxTotalBytes) {
                    throw new IOException("the archive unpacks to more than " + maxTotalBytes
                            + " bytes of SVG and JSON (inkflow.crawler.openmoji.max-unpacked-bytes)");
                }
                if (isData) {
                    data = bytes;
                } else {
                    String hex = svg.group(2).toUpperCase(Locale.ROOT);
                    (svg.group(1).equals("color") ? color : black).put(hex, bytes);
                }
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains("limit") ? e
                    : new IOException("not a readable tar.gz archive: " + e.getMessage(), e);
        }
        if (data == null) {
            throw new IOException("the archive has no data/openmoji.json; is it the openmoji npm package"
                    + " (npm pack openmoji@17.0.0)?");
        }
        return new OpenMojiPackage(parse(data), Map.copyOf(color), Map.copyOf(black));
    }

    private static List<OpenMojiEntry> parse(byte[] json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("data/openmoji.json is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isArray()) {
            throw new IOException("data/openmoji.json should be a JSON array of emoji records");
        }
        List<OpenMojiEntry> out = new ArrayList<>();
        for (JsonNode node : root) {
            String hex = node.path("hexcode").asText("").trim().toUpperCase(Locale.ROOT);
            if (hex.isEmpty()) {
                continue;
            }
            String base = node.path("skintone_base_hexcode").asText("").trim().toUpperCase(Locale.ROOT);
            LinkedHashSet<String> tags = new LinkedHashSet<>();
            tags.addAll(split(node.path("tags").asText("")));
            tags.addAll(split(node.path("openmoji_tags").asText("")));
            out.add(new OpenMojiEntry(hex, node.path("annotation").asText(""), node.path("group").asText(""),
                    node.path("subgroups").asText(""), List.copyOf(tags), base.isEmpty() ? hex : base));
        }
        return List.copyOf(out);
    }

    private static List<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static byte[] readAtMost(InputStream in, long limit, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > limit) {
                throw new IOException(name + " in the archive is larger than the limit " + limit
                        + " (inkflow.crawler.openmoji.max-entry-bytes)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Every emoji of openmoji.json, in its order. */
    public List<OpenMojiEntry> entries() {
        return entries;
    }

    public Optional<byte[]> colorSvg(String hexcode) {
        return Optional.ofNullable(color.get(hexcode));
    }

    public Optional<byte[]> blackSvg(String hexcode) {
        return Optional.ofNullable(black.get(hexcode));
    }
}
