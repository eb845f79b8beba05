package org.inkflow.inference.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import java.util.Set;
import org.inkflow.common.auth.ApiKeyAuthenticationRequest;
import org.inkflow.common.auth.ApiKeyMechanism;
import org.inkflow.common.auth.Roles;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.jboss.logging.Logger;

/**
 * The platform's authentication (ADR 0030) on gRPC calls: the same two headers as REST, as call metadata
 * ({@code x-api-key: <key>} or {@code authorization: Bearer <key or JWT>}), handed to the same Quarkus identity
 * providers (common's {@code ApiKeyIdentityProvider}, SmallRye JWT's validator) and augmentors through the
 * {@link IdentityProviderManager}, so keys and tokens are checked by one verifier whichever protocol carries them.
 * {@code ModelMetadata} and {@code ModelInfer} need the {@code consumer} role, like their REST twins; health, server
 * metadata and model readiness stay open. Refusals are UNAUTHENTICATED (no or bad credentials) and
 * PERMISSION_DENIED (no consumer role), counted as {@code unauthorized}.
 */
final class GrpcAuthentication implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    /** The rpcs that need the consumer role, by their bare method names. */
    static final Set<String> CONSUMER_METHODS = Set.of("ModelMetadata", "ModelInfer");

    private static final Logger LOG = Logger.getLogger(GrpcAuthentication.class);
    private static final String WHAT_TO_SEND = "send a consumer or operator API key as metadata 'x-api-key: <key>' or"
            + " 'authorization: Bearer <key>', or a JWT as 'authorization: Bearer <token>'";

    private final IdentityProviderManager identities;
    private final InferenceMetrics metrics;

    GrpcAuthentication(IdentityProviderManager identities, InferenceMetrics metrics) {
        this.identities = identities;
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!CONSUMER_METHODS.contains(call.getMethodDescriptor().getBareMethodName())) {
            return next.startCall(call, headers);
        }
        Status refusal = refusal(headers.get(API_KEY), headers.get(AUTHORIZATION));
        if (refusal != null) {
            metrics.rejected("unauthorized");
            call.close(refusal, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    /** Why a call with these headers may not go on, or null when its caller has the consumer role. */
    Status refusal(String apiKey, String authorization) {
        AuthenticationRequest request = request(apiKey, authorization);
        if (request == null) {
            return Status.UNAUTHENTICATED.withDescription("this call needs the consumer role: " + WHAT_TO_SEND);
        }
        SecurityIdentity identity;
        try {
            identity = identities.authenticateBlocking(request);
        } catch (AuthenticationFailedException e) {
            // As over REST: what to send, never which part of a key was wrong or why a JWT failed (SmallRye logs it).
            String what = request instanceof ApiKeyAuthenticationRequest ? "the API key is not valid"
                    : "the bearer token is not a valid JWT of this platform's identity provider";
            return Status.UNAUTHENTICATED.withDescription(what + "; " + WHAT_TO_SEND);
        } catch (RuntimeException e) {
            LOG.warn("gRPC authentication failed", e);
            return Status.UNAUTHENTICATED.withDescription("the credentials could not be checked; " + WHAT_TO_SEND);
        }
        if (identity == null || identity.isAnonymous()) {
            return Status.UNAUTHENTICATED.withDescription("this call needs the consumer role: " + WHAT_TO_SEND);
        }
        if (!identity.hasRole(Roles.CONSUMER)) {
            return Status.PERMISSION_DENIED.withDescription("these credentials do not grant the consumer role this"
                    + " call needs (a consumer or operator key, or a JWT whose groups name consumer or operator)");
        }
        return null;
    }

    private static AuthenticationRequest request(String apiKey, String authorization) {
        String key = ApiKeyMechanism.key(apiKey, authorization);
        if (key != null) {
            return new ApiKeyAuthenticationRequest(key);
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (ApiKeyMechanism.looksLikeJwt(token)) {
                return new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
            }
        }
        return null;
    }
}
