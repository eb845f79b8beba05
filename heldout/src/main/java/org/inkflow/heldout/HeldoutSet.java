package org.inkflow.heldout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A held-out set on disk: {@code manifest.json} (written last, so a set without one is incomplete) and
 * {@code <size>/<name>/input.png} (line art, R = G = B) and {@code target.png} (colour) per pair and size.
 */
public final class HeldoutSet {

    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the set holds and where it came from: {@code source} the package and version, its {@code license} and
     * {@code credit}, the cleaner's {@code lineArt} mode, the {@code sizes}, the pairs' {@code names} (the same at
     * every size), and how many icons were {@code skipped} and why.
     */
    public record Manifest(int schemaVersion, String source, String license, String credit, String lineArt,
                           String normalize, long seed, List<Integer> sizes, List<String> names,
                           Map<String, Integer> skipped) {
    }

    private final Path dir;
    private final Manifest manifest;

    private HeldoutSet(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Opens a complete set; a clear error when {@code dir} holds none. */
    public static HeldoutSet open(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " holds no held-out set (no " + MANIFEST + "); build one with"
                    + " bench/heldout.sh build");
        }
        try {
            return new HeldoutSet(dir, JSON.readValue(file.toFile(), Manifest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pairs at {@code size}, in the manifest's order. */
    public List<HeldoutPair> pairs(int size) {
        if (!manifest.sizes().contains(size)) {
            throw new IllegalArgumentException("the set at " + dir + " has sizes " + manifest.sizes() + ", not " + size);
        }
        List<HeldoutPair> out = new ArrayList<>();
        for (String name : manifest.names()) {
            Path pairDir = pairDir(dir, size, name);
            try {
                out.add(HeldoutPair.read(name, Files.readAllBytes(pairDir.resolve(HeldoutPair.INPUT_FILE)),
                        Files.readAllBytes(pairDir.resolve(HeldoutPair.TARGET_FILE))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pair " + pairDir + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static Path pairDir(Path dir, int size, String name) {
        return dir.resolve(Integer.toString(size)).resolve(name);
    }

    /** Writes one pair's PNGs. */
    static void writePair(Path dir, HeldoutPair pair) {
        Path pairDir = pairDir(dir, pair.size(), pair.name());
        try {
            Files.createDirectories(pairDir);
            Files.write(pairDir.resolve(HeldoutPair.INPUT_FILE), pair.inputPng());
            Files.write(pairDir.resolve(HeldoutPair.TARGET_FILE), pair.targetPng());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pairDir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the manifest, the last step of a build. */
    static HeldoutSet writeManifest(Path dir, Manifest manifest) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(MANIFEST + ".tmp");
            JSON.writeValue(tmp.toFile(), manifest);
            Files.move(tmp, dir.resolve(MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MANIFEST) + ": " + e.getMessage(), e);
        }
        return new HeldoutSet(dir, manifest);
    }
}
