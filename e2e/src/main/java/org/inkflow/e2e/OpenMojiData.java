package org.inkflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The built-in sample data: the OpenMoji 17 npm package (CC BY-SA 4.0, https://openmoji.org), fetched once with
 * {@code npm pack openmoji@17.0.0} into a cache folder, or a path or URL given with {@code --data}.
 */
public final class OpenMojiData {

    public static final String PACKAGE = "openmoji@17.0.0";
    public static final String TARBALL = "openmoji-17.0.0.tgz";
    public static final String CREDIT = "OpenMoji (https://openmoji.org), CC BY-SA 4.0";

    private OpenMojiData() {
    }

    /**
     * The crawler's {@code import-roots} for a data location from {@link #locate}: the cache folder, and the folder
     * of a local {@code --data} file, so the demo's crawler reads its tarball and nothing else on this machine.
     */
    public static String importRoots(String explicit, Path cacheDir) {
        String roots = cacheDir.toAbsolutePath().normalize().toString();
        if (explicit != null && !explicit.isBlank() && !explicit.contains("://")) {
            Path parent = Path.of(explicit).toAbsolutePath().normalize().getParent();
            if (parent != null) {
                roots += "," + parent;
            }
        }
        return roots;
    }

    /** The tarball's path (or the URL given), fetching it into {@code cacheDir} when needed. */
    public static String locate(String explicit, Path cacheDir) {
        if (explicit != null && !explicit.isBlank()) {
            if (explicit.contains("://")) {
                return explicit;
            }
            Path p = Path.of(explicit).toAbsolutePath();
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("--data " + explicit + " does not exist");
            }
            return p.toString();
        }
        Path tarball = cacheDir.resolve(TARBALL);
        if (Files.isRegularFile(tarball)) {
            return tarball.toAbsolutePath().toString();
        }
        try {
            Files.createDirectories(cacheDir);
            Process npm = new ProcessBuilder("npm", "pack", PACKAGE, "--silent")
                    .directory(cacheDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(cacheDir.resolve("npm-pack.log").toFile())
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isRegularFile(tarball)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm pack " + PACKAGE + " failed; see " + cacheDir.resolve("npm-pack.log")
                        + " (or pass --data PATH_OR_URL to an openmoji-17.0.0.tgz)");
            }
            return tarball.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm to fetch " + PACKAGE + ": " + e.getMessage()
                    + " (install Node.js/npm, or pass --data PATH_OR_URL)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
