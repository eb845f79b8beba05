package org.inkflow.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.inkflow.common.api.Problem;
import org.inkflow.common.api.ProblemFormat;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as every other error: a {@link Problem} in the service's {@link ProblemFormat} (inference's {@code /v2}
 * answers KServe's {@code {"error": ...}}). Works because proactive authentication is off
 * ({@code quarkus.http.auth.proactive=false}): authentication runs inside the REST request, where mappers apply.
 */
public class AuthProblemMappers {

    private static final int BEFORE_BUILT_IN = Priorities.USER - 100;
    static final String HOW = "send 'X-API-Key: <key>' or 'Authorization: Bearer <key or JWT>'";

    private final ProblemFormat format;

    public AuthProblemMappers(ProblemFormat format) {
        this.format = format;
    }

    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri, "this endpoint needs credentials: " + HOW);
    }

    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        // SmallRye JWT says why a token failed (expired, issuer, signature) only in its log; the caller learns enough.
        String why = e.getMessage() != null && e.getMessage().startsWith("the API key")
                ? e.getMessage() : "the credentials are not valid (an unknown API key, or a JWT that is expired, from"
                + " another issuer or not signed by the configured key); " + HOW;
        return unauthorized(uri, why);
    }

    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return format.render(Problem.of(403, "the credentials are valid but lack the role " + uri.getPath()
                + " needs: state-changing endpoints need '" + Roles.OPERATOR + "', inference endpoints '"
                + Roles.CONSUMER + "'", null).at(uri.getPath())).build();
    }

    private Response unauthorized(UriInfo uri, String detail) {
        return format.render(Problem.of(401, detail, null).at(uri.getPath()))
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyMechanism.CHALLENGE).build();
    }
}
