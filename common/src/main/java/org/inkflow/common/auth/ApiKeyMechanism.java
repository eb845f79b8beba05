package org.inkflow.common.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads a static API key from {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}. A bearer value shaped
 * like a JWT (three dot-separated parts) is left to SmallRye JWT's mechanism, which runs after this one; with no
 * credentials at all the caller stays anonymous, and the endpoint's {@code @RolesAllowed} answers 401.
 */
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-API-Key";
    /** What a 401 answers in {@code WWW-Authenticate}. */
    public static final String CHALLENGE = "Bearer realm=\"inkflow\"";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = key(context.request().getHeader(HEADER), context.request().getHeader("Authorization"));
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(key), context));
    }

    /**
     * The API key in these headers, or null when there is none (absent, or the bearer value is a JWT); also how
     * inference's gRPC server reads the same two headers from call metadata.
     */
    public static String key(String apiKeyHeader, String authorization) {
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return apiKeyHeader.trim();
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String value = authorization.substring(7).trim();
            return value.isEmpty() || looksLikeJwt(value) ? null : value;
        }
        return null;
    }

    public static boolean looksLikeJwt(String value) {
        int first = value.indexOf('.');
        int second = first < 0 ? -1 : value.indexOf('.', first + 1);
        return second > 0 && value.indexOf('.', second + 1) < 0;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    /** Before SmallRye JWT's mechanism (default priority), so an API key in a bearer header never reaches it. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
