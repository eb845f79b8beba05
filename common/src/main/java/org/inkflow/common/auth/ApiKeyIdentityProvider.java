package org.inkflow.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Turns a configured API key into an identity with that key's roles; any other key fails authentication. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeys keys;

    public ApiKeyIdentityProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return keys.roles(request.key())
                .map(roles -> Uni.createFrom().item(identity(roles)))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException(
                        "the API key is not valid; ask the operator for one (inkflow.auth.operator-keys,"
                                + " inkflow.auth.consumer-keys)")));
    }

    private static SecurityIdentity identity(Set<String> roles) {
        // The principal names the role, never the key: it ends up in logs (force promotions, audit lines).
        String name = "api-key:" + (roles.contains(Roles.OPERATOR) ? Roles.OPERATOR : Roles.CONSUMER);
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(roles).build();
    }
}
