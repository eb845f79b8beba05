package org.inkflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.inkflow.localstack.TestCredentials;

/**
 * The local platform's API keys: generated when it starts, kept in {@code <state>/operator.key} and
 * {@code <state>/consumer.key} (mode 600, so only this user reads them), given to every service and to the platform's
 * own driver. A service the supervisor restarts reads the same files.
 */
public record PlatformKeys(String operator, String consumer) {

    public static final String OPERATOR_FILE = "operator.key";
    public static final String CONSUMER_FILE = "consumer.key";

    /** Fresh keys, written over any earlier ones. */
    public static PlatformKeys generate(Path stateDir) {
        PlatformKeys keys = new PlatformKeys(TestCredentials.randomKey(), TestCredentials.randomKey());
        write(stateDir.resolve(OPERATOR_FILE), keys.operator());
        write(stateDir.resolve(CONSUMER_FILE), keys.consumer());
        return keys;
    }

    /** The keys in {@code stateDir}, generated there first if there are none. */
    public static synchronized PlatformKeys readOrGenerate(Path stateDir) {
        Path operator = stateDir.resolve(OPERATOR_FILE);
        Path consumer = stateDir.resolve(CONSUMER_FILE);
        if (!Files.isRegularFile(operator) || !Files.isRegularFile(consumer)) {
            return generate(stateDir);
        }
        try {
            return new PlatformKeys(Files.readString(operator).trim(), Files.readString(consumer).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String key) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            // Created with mode 600 rather than narrowed after writing: the key is never readable by others.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
