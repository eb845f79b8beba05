package org.inkflow.inference.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where downloaded SavedModels are unpacked: a configured directory that outlives the process, or a fresh temporary
 * one that {@link #close()} deletes once the models in it are closed.
 */
public final class ModelCacheDirectory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelCacheDirectory.class);

    private final Path path;
    private final boolean temporary;

    private ModelCacheDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** {@code configured} (created if missing) or, when empty, a new temporary directory. */
    public static ModelCacheDirectory open(Optional<String> configured) {
        try {
            if (configured.isPresent()) {
                return new ModelCacheDirectory(Files.createDirectories(Path.of(configured.get())), false);
            }
            return new ModelCacheDirectory(Files.createTempDirectory("inkflow-models-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model cache directory (inkflow.inference.cache-dir)", e);
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes a temporary directory; a configured one stays for the next start. */
    @Override
    public void close() {
        if (temporary) {
            deleteRecursively(path);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debugf("could not delete %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debugf("could not clean %s: %s", dir, e.getMessage());
        }
    }
}
