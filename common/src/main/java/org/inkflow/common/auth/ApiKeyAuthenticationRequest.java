package org.inkflow.common.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A static API key a caller presented, for {@link ApiKeyIdentityProvider}. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
