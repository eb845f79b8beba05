package org.inkflow.crawler.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds a tiny OpenMoji-shaped npm tarball ({@code package/color/svg}, {@code package/black/svg}, {@code package/data/openmoji.json}). */
public final class OpenMojiTarball {

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final List<Map<String, Object>> data = new ArrayList<>();

    /** An emoji: a filled shape in {@code fill} with a black outline, and its outline-only twin. */
    public OpenMojiTarball emoji(String hex, String group, String subgroup, String tags, String skintoneBase, String fill) {
        // each emoji its own outline (a different ring), as real emojis differ; skin-tone variants share the base's
        int radius = 20 + (skintoneBase.isEmpty() ? data.size() : 1) % 8;
        String outline = "<circle cx=\"36\" cy=\"36\" r=\"" + radius + "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"4\"/>";
        files.put("package/color/svg/" + hex + ".svg", svg("<circle cx=\"36\" cy=\"36\" r=\"" + radius + "\" fill=\"" + fill + "\"/>" + outline));
        files.put("package/black/svg/" + hex + ".svg", svg(outline));
        return entry(hex, group, subgroup, tags, skintoneBase);
    }

    /** An emoji whose black outline is missing from the archive. */
    public OpenMojiTarball colorOnly(String hex, String group) {
        files.put("package/color/svg/" + hex + ".svg", svg("<rect x=\"10\" y=\"10\" width=\"52\" height=\"52\" fill=\"#3F7CE4\"/>"));
        return entry(hex, group, "misc", "", "");
    }

    public OpenMojiTarball file(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private OpenMojiTarball entry(String hex, String group, String subgroup, String tags, String skintoneBase) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("emoji", "?");
        e.put("hexcode", hex);
        e.put("group", group);
        e.put("subgroups", subgroup);
        e.put("annotation", "test " + hex);
        e.put("tags", tags);
        e.put("openmoji_tags", "");
        e.put("skintone", skintoneBase.isEmpty() ? "" : 1);
        e.put("skintone_base_hexcode", skintoneBase);
        e.put("order", data.size() + 1);
        data.add(e);
        return this;
    }

    private static byte[] svg(String body) {
        return ("<svg id=\"emoji\" viewBox=\"0 0 72 72\" xmlns=\"http://www.w3.org/2000/svg\">" + body + "</svg>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the tarball; openmoji.json goes last, as a reader must not rely on its position. */
    public Path writeTo(Path file) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put("package/README.md", "test package".getBytes(StandardCharsets.UTF_8));
        all.put("package/data/openmoji.json", new ObjectMapper().writeValueAsBytes(data));
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** The standard small package of the tests: 4 usable emojis, one flag (excluded), one without outline. */
    public static OpenMojiTarball standard() {
        return new OpenMojiTarball()
                .emoji("1F600", "smileys-emotion", "face-smiling", "face, grin, happy", "", "#FCEA2B")
                .emoji("1F44B", "people-body", "hand-fingers-open", "hand, wave", "", "#FCEA2B")
                .emoji("1F44B-1F3FB", "people-body", "hand-fingers-open", "", "1F44B", "#FADCBC")
                .emoji("1F431", "animals-nature", "animal-mammal", "cat, pet", "", "#F4AA41")
                .emoji("1F1EB-1F1F7", "flags", "country-flag", "france", "", "#1E50A0")
                .colorOnly("1F9FF", "objects");
    }
}
