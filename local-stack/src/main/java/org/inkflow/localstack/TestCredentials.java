package org.inkflow.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
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
 * Credentials for tests, generated once per JVM (shared by every class loader through system properties): one operator and one consumer API key, and an RSA
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

    // Kept in system properties: @QuarkusTest loads this class once per application restart (a class loader per
    // test profile or resource), but RestAssured's filters and the services' settings must agree across them.
    private static final String PREFIX = "inkflow.test-credentials.";

    private final String operatorKey;
    private final String consumerKey;
    private final KeyPair signing;

    private TestCredentials() {
        synchronized (System.getProperties()) {
            operatorKey = shared("operator-key", TestCredentials::randomKey);
            consumerKey = shared("consumer-key", TestCredentials::randomKey);
            try {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                if (System.getProperty(PREFIX + "private-key") == null) {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048, RANDOM);
                    KeyPair pair = generator.generateKeyPair();
                    System.setProperty(PREFIX + "private-key", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                    System.setProperty(PREFIX + "public-key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                }
                signing = new KeyPair(
                        rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(PREFIX + "public-key")))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(PREFIX + "private-key")))));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String shared(String name, java.util.function.Supplier<String> generate) {
        String value = System.getProperty(PREFIX + name);
        if (value == null) {
            value = generate.get();
            System.setProperty(PREFIX + name, value);
        }
        return value;
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
