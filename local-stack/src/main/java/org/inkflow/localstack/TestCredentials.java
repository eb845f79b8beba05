package org.inkflow.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Credentials for tests and the local platform, generated per JVM: one operator and one consumer API key, and an RSA
 * key pair whose public half the services trust for JWTs from {@link #ISSUER}. {@link #jwt} signs tokens (RS256)
 * with the private half, so a test can also make expired ones, or ones from another issuer.
 */
public final class TestCredentials {

    /** The issuer ({@code iss}) the services trust in tests. */
    public static final String ISSUER = "https://issuer.inkflow.test";
    public static final String OPERATOR = "operator";
    public static final String CONSUMER = "consumer";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TestCredentials INSTANCE = new TestCredentials();

    private final String operatorKey = randomKey();
    private final String consumerKey = randomKey();
    private final KeyPair signing;

    private TestCredentials() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            signing = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This JVM's credentials. */
    public static TestCredentials get() {
        return INSTANCE;
    }

    /** A fresh random API key: 32 bytes as 64 hex characters. */
    public static String randomKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String operatorKey() {
        return operatorKey;
    }

    public String consumerKey() {
        return consumerKey;
    }

    /** The settings that make a service accept these keys and this issuer's JWTs. */
    public Map<String, String> quarkusProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("inkflow.auth.operator-keys", operatorKey);
        props.put("inkflow.auth.consumer-keys", consumerKey);
        props.put("mp.jwt.verify.publickey", publicKeyBase64());
        props.put("mp.jwt.verify.issuer", ISSUER);
        return props;
    }

    /** The same settings as environment variables, for a service started as a process. */
    public Map<String, String> environment() {
        return quarkusProperties().entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), Map.Entry::getValue));
    }

    /** The public key, base64 of its X.509 encoding (what {@code mp.jwt.verify.publickey} takes). */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(signing.getPublic().getEncoded());
    }

    /** A JWT valid for an hour from {@link #ISSUER} with these {@code groups}. */
    public String jwt(String... groups) {
        return jwt(ISSUER, Instant.now().plus(Duration.ofHours(1)), groups);
    }

    /** A JWT signed by this key pair from {@code issuer}, expiring at {@code expiresAt}, with these {@code groups}. */
    public String jwt(String issuer, Instant expiresAt, String... groups) {
        long exp = expiresAt.getEpochSecond();
        long iat = Math.min(Instant.now().getEpochSecond(), exp - 60);
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + issuer + "\",\"sub\":\"test-user\",\"upn\":\"test-user@inkflow.test\","
                + "\"groups\":[" + List.of(groups).stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + iat + ",\"exp\":" + exp + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signed = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signing.getPrivate());
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64Url(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
