package org.inkflow.common.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys and the roles each one grants. A key is compared with every configured key in constant
 * time, so neither the timing nor the order of keys tells a caller how much of a key was right.
 */
@ApplicationScoped
public class ApiKeys {

    /** Shorter keys are refused at start: a static key must not be guessable. */
    public static final int MIN_LENGTH = 16;

    private final List<byte[]> operator;
    private final List<byte[]> consumer;

    @Inject
    public ApiKeys(AuthConfig config) {
        this(config.operatorKeys().orElse(List.of()), config.consumerKeys().orElse(List.of()));
    }

    ApiKeys(List<String> operatorKeys, List<String> consumerKeys) {
        this.operator = bytes(operatorKeys, "inkflow.auth.operator-keys");
        this.consumer = bytes(consumerKeys, "inkflow.auth.consumer-keys");
    }

    private static List<byte[]> bytes(List<String> keys, String property) {
        return keys.stream().map(String::trim).filter(k -> !k.isEmpty()).map(k -> {
            if (k.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("a key in " + property + " has " + k.length()
                        + " characters; at least " + MIN_LENGTH + " are needed (generate one: openssl rand -hex 32)");
            }
            return k.getBytes(StandardCharsets.UTF_8);
        }).toList();
    }

    public boolean isEmpty() {
        return operator.isEmpty() && consumer.isEmpty();
    }

    /** The roles {@code key} grants, or empty when it is no configured key. */
    public Optional<Set<String>> roles(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        boolean isOperator = matchesAny(operator, given);
        boolean isConsumer = matchesAny(consumer, given);
        if (isOperator) {
            return Optional.of(Set.of(Roles.OPERATOR, Roles.CONSUMER));
        }
        return isConsumer ? Optional.of(Set.of(Roles.CONSUMER)) : Optional.empty();
    }

    private static boolean matchesAny(List<byte[]> keys, byte[] given) {
        boolean match = false;
        for (byte[] k : keys) {
            match |= MessageDigest.isEqual(k, given);
        }
        return match;
    }
}
