package org.inkflow.common.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Says at start which credentials this service accepts. Authentication cannot be switched off: with neither API
 * keys nor a JWT verification key, the service still starts (health and metrics stay served) and every protected
 * endpoint answers 401, which the log says loudly. A JWT key without an issuer is refused: any token signed by that
 * key would do, whoever issued it.
 */
@Singleton
public class AuthStartupCheck {

    private static final Logger LOG = Logger.getLogger(AuthStartupCheck.class);

    void onStart(@Observes StartupEvent event, ApiKeys keys, Config config) {
        boolean jwt = present(config, "mp.jwt.verify.publickey.location") || present(config, "mp.jwt.verify.publickey");
        boolean issuer = present(config, "mp.jwt.verify.issuer");
        if (jwt && !issuer) {
            throw new IllegalStateException("mp.jwt.verify.publickey(.location) is set without mp.jwt.verify.issuer;"
                    + " set the issuer the tokens must name (iss)");
        }
        if (keys.isEmpty() && !jwt) {
            LOG.error("no credentials are configured (inkflow.auth.operator-keys, inkflow.auth.consumer-keys or"
                    + " mp.jwt.verify.publickey.location with mp.jwt.verify.issuer): every protected endpoint answers 401");
        } else {
            LOG.infof("authentication: %s%s", keys.isEmpty() ? "" : "API keys",
                    jwt ? (keys.isEmpty() ? "" : " and ") + "JWTs from " + config.getValue("mp.jwt.verify.issuer", String.class) : "");
        }
    }

    private static boolean present(Config config, String name) {
        Optional<String> value = config.getOptionalValue(name, String.class);
        return value.isPresent() && !value.get().isBlank();
    }
}
