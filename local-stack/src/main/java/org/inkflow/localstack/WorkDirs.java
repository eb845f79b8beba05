package org.inkflow.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the folders tests made. */
public final class WorkDirs {

    private WorkDirs() {
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a file still held open by a dying child is removed with its folder next time.
                }
            });
        } catch (IOException e) {
            // Nothing left to clean or not ours to clean.
        }
    }
}
