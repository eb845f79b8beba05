package org.inkflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh self-signed certificate for a broker on 127.0.0.1 (subject alternative names {@code localhost} and
 * {@code 127.0.0.1}, valid two days), made at start with the JDK's {@code keytool}: a PKCS12 keystore for the
 * broker and a PKCS12 truststore holding just that certificate for its clients. Nothing outlives the directory.
 */
public record BrokerCertificates(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Writes {@code broker.p12} and {@code truststore.p12} into {@code dir}. */
    public static BrokerCertificates generate(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        String keystorePassword = randomSecret();
        String truststorePassword = randomSecret();
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", keystorePassword, "-keypass", keystorePassword);
        keytool(dir, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", keystorePassword, "-file", certificate.toString());
        keytool(dir, "-importcert", "-noprompt", "-alias", "inkflow-local-broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", truststorePassword);
        return new BrokerCertificates(keystore, keystorePassword, truststore, truststorePassword);
    }

    /** 32 hex digits from a secure random source: passwords and SCRAM secrets of a local broker. */
    static String randomSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish in 60 s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed with code " + process.exitValue()
                        + ": " + Files.readString(log).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run keytool from " + System.getProperty("java.home")
                    + "; a full JDK is needed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
