package org.inkflow.localstack;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may call what, against the running service with authentication on: every endpoint a service lists in
 * {@link #protectedEndpoints()} refuses no credentials, an unknown key and an expired or wrong-issuer JWT with 401,
 * a caller without the role with 403, and lets its role in (by key and by JWT; an operator everywhere); health and
 * metrics stay open. Refusals are {@code application/problem+json} unless the endpoint says otherwise (inference's
 * {@code /v2}). A service's {@code @QuarkusTest} implements it (one per service, beside
 * {@link ServiceEndpointsContract}) and lists its endpoints.
 *
 * <p>Bodies should be ones the endpoint refuses once authenticated (a 400 or 404), so that letting a caller in has
 * no side effect: "let in" means any answer but 401 and 403.
 */
public interface ServiceAuthContract {

    /** One endpoint: the role it needs, and a request to send to it. */
    public record Endpoint(String method, String path, String role, String contentType, String body, boolean problemJson) {

        /** An operator endpoint taking JSON, answering problem+json. */
        public static Endpoint operator(String method, String path, String jsonBody) {
            return new Endpoint(method, path, TestCredentials.OPERATOR, "application/json", jsonBody, true);
        }

        /** A consumer endpoint; {@code problemJson} false where refusals have another body (KServe's). */
        public static Endpoint consumer(String method, String path, String contentType, String body, boolean problemJson) {
            return new Endpoint(method, path, TestCredentials.CONSUMER, contentType, body, problemJson);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every endpoint of the service that needs a role. */
    List<Endpoint> protectedEndpoints();

    /** Endpoints anyone may call (GET, answering 200). */
    default List<String> openEndpoints() {
        return List.of("/q/health/live", "/q/metrics");
    }

    @TestFactory
    default Stream<DynamicTest> everyProtectedEndpointRefusesStrangersAndLetsItsRoleIn() {
        TestCredentials credentials = TestCredentials.get();
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : protectedEndpoints()) {
            tests.add(refused(e, "no credentials", 401, r -> r.header(DefaultCredentialsFilter.ANONYMOUS, "yes")));
            tests.add(refused(e, "an unknown key", 401, r -> r.header("X-API-Key", TestCredentials.randomKey())));
            tests.add(refused(e, "an unknown bearer key", 401,
                    r -> r.header("Authorization", "Bearer " + TestCredentials.randomKey())));
            tests.add(refused(e, "an expired JWT", 401, r -> bearer(r, credentials.jwt(TestCredentials.ISSUER,
                    Instant.now().minusSeconds(3600), e.role()))));
            tests.add(refused(e, "a JWT from another issuer", 401, r -> bearer(r, credentials.jwt(
                    "https://attacker.example", Instant.now().plusSeconds(3600), e.role()))));
            tests.add(refused(e, "a JWT without roles", 403, r -> bearer(r, credentials.jwt())));
            if (e.role().equals(TestCredentials.OPERATOR)) {
                tests.add(refused(e, "the consumer key", 403, r -> r.header("X-API-Key", credentials.consumerKey())));
                tests.add(refused(e, "a consumer JWT", 403, r -> bearer(r, credentials.jwt(TestCredentials.CONSUMER))));
            } else {
                tests.add(allowed(e, "the consumer key", r -> r.header("X-API-Key", credentials.consumerKey())));
                tests.add(allowed(e, "a consumer JWT", r -> bearer(r, credentials.jwt(TestCredentials.CONSUMER))));
            }
            tests.add(allowed(e, "the operator key", r -> r.header("X-API-Key", credentials.operatorKey())));
            tests.add(allowed(e, "the operator key as a bearer token",
                    r -> r.header("Authorization", "Bearer " + credentials.operatorKey())));
            tests.add(allowed(e, "an operator JWT", r -> bearer(r, credentials.jwt(TestCredentials.OPERATOR))));
        }
        for (String path : openEndpoints()) {
            tests.add(DynamicTest.dynamicTest("GET " + path + " is open", () -> given()
                    .header(DefaultCredentialsFilter.ANONYMOUS, "yes").get(path).then().statusCode(200)));
        }
        return tests.stream();
    }

    private static RequestSpecification bearer(RequestSpecification r, String jwt) {
        return r.header("Authorization", "Bearer " + jwt);
    }

    private static DynamicTest refused(Endpoint e, String who, int status, UnaryOperator<RequestSpecification> as) {
        return DynamicTest.dynamicTest(e + " refuses " + who + " with " + status, () -> {
            Response r = send(e, as);
            Assertions.assertEquals(status, r.statusCode(), () -> e + " with " + who + ": " + r.asString());
            if (e.problemJson()) {
                Assertions.assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
                Assertions.assertEquals(status, r.jsonPath().getInt("status"), r.asString());
            } else {
                Assertions.assertNotNull(r.jsonPath().getString("error"), r.asString());
            }
            if (status == 401) {
                Assertions.assertNotNull(r.header("WWW-Authenticate"), "401 without WWW-Authenticate");
            }
        });
    }

    private static DynamicTest allowed(Endpoint e, String who, UnaryOperator<RequestSpecification> as) {
        return DynamicTest.dynamicTest(e + " lets in " + who, () -> {
            Response r = send(e, as);
            // Past authentication the request fails as the endpoint decides (400, 404, 503 with no model): not 500.
            Assertions.assertTrue(r.statusCode() != 401 && r.statusCode() != 403 && r.statusCode() != 500,
                    () -> e + " with " + who + " answered " + r.statusCode() + ": " + r.asString());
        });
    }

    private static Response send(Endpoint e, UnaryOperator<RequestSpecification> as) {
        RequestSpecification r = as.apply(given());
        if (e.body() != null) {
            // As bytes: RestAssured encodes a String only for content types it knows (not image/png).
            r = r.contentType(e.contentType()).body(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return r.request(e.method(), e.path());
    }
}
