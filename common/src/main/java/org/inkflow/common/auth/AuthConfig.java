package org.inkflow.common.auth;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The static API keys of each role ({@code inkflow.auth.operator-keys}, {@code inkflow.auth.consumer-keys}, comma
 * lists, normally from a Secret). Bearer JWTs are configured with SmallRye JWT's own {@code mp.jwt.verify.*}
 * properties. With neither, every protected endpoint answers 401 (see {@link AuthStartupCheck}).
 */
@ConfigMapping(prefix = "inkflow.auth")
public interface AuthConfig {

    /** Keys that act as {@code operator} (and so also as {@code consumer}). */
    Optional<List<String>> operatorKeys();

    /** Keys that act as {@code consumer} only. */
    Optional<List<String>> consumerKeys();
}
