package org.inkflow.model.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.inkflow.common.storage.ObjectStore;

/**
 * Model versions from the bucket, through a local cache: {@code models/<name>/<version>/} is downloaded into
 * {@code cacheDir} once (model versions never change, so a complete copy is reused) and loaded from there. Safe for
 * concurrent loaders of the same version, in one process or several.
 */
public final class ModelCache {

    private static final String COMPLETE_MARKER = ".inkflow-complete";

    private final ObjectStore store;
    private final Path cacheDir;
    private final int threads;

    /** @param threads TensorFlow intra-op threads per loaded model (0: TensorFlow chooses) */
    public ModelCache(ObjectStore store, Path cacheDir, int threads) {
        this.store = store;
        this.cacheDir = cacheDir;
        this.threads = threads;
    }

    /**
     * Downloads {@code location} ({@code models/<name>/<version>/}, the candidate or promotion event's location)
     * unless a complete copy is cached, then loads it.
     */
    public ColorizerModel load(String location) {
        return ColorizerModel.load(fetch(location), threads);
    }

    /** Downloads a model version directory into the cache and answers its local path (no loading). */
    public Path fetch(String location) {
        String prefix = normalizeLocation(location);
        Path target = cacheDir.resolve(prefix).normalize();
        if (!target.startsWith(cacheDir.normalize())) {
            throw new IllegalArgumentException("model location '" + location + "' escapes the cache directory");
        }
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        Path partial = null;
        try {
            Files.createDirectories(target.getParent());
            partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
            int objects = store.getDirectory(prefix, partial);
            if (!Files.isRegularFile(partial.resolve(ExportedModel.MODEL_CARD)) || !Files.isRegularFile(
                    partial.resolve(ExportedModel.SAVED_MODEL_DIR).resolve(ExportedModel.SAVED_MODEL_FILE))) {
                throw new IllegalArgumentException("s3://" + store.bucket() + "/" + prefix + " (" + objects
                        + " objects) is not a model version: it needs saved_model/saved_model.pb and model-card.json");
            }
            Files.createFile(partial.resolve(COMPLETE_MARKER));
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                partial = null;
            } catch (IOException e) {
                // Another thread or process finished the same download first (the rename finds a non-empty
                // directory); its copy is identical because model versions never change.
                if (!Files.exists(target.resolve(COMPLETE_MARKER))) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + prefix + " to " + target, e);
        } finally {
            deleteRecursively(partial);
        }
    }

    private String normalizeLocation(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("model location is empty; expected models/<name>/<version>/");
        }
        String prefix = location.trim();
        String s3 = "s3://" + store.bucket() + "/";
        if (prefix.startsWith(s3)) {
            prefix = prefix.substring(s3.length());
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.contains("..")) {
            throw new IllegalArgumentException("model location '" + location + "' must not contain '..'");
        }
        return prefix;
    }

    /** Deletes a directory tree; nothing when {@code dir} is null or gone. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
