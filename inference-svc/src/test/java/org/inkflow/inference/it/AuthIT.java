package org.inkflow.inference.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.inkflow.localstack.DefaultCredentialsFilter;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.ServiceAuthContract;
import org.junit.jupiter.api.Test;

/**
 * The inference endpoints need the {@code consumer} role (an operator has it too), by API key or JWT
 * ({@link ServiceAuthContract}); health, metrics, server metadata, model readiness, the page, OpenAPI and Swagger UI
 * (switched on here, as in the demo) stay open. No model is promoted here, so a request that passes authentication
 * is answered 503 "not loaded yet", which tells it apart from a 401.
 */
@QuarkusTest
@TestProfile(AuthIT.WithSwaggerUi.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class AuthIT implements ServiceAuthContract {

    /** Swagger UI on, as the demo runs it: it must stay open like /q/openapi. */
    public static class WithSwaggerUi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.swagger-ui.enabled", "true");
        }
    }

    @Override
    public List<Endpoint> protectedEndpoints() {
        String infer = Drawings.inferRequest("a", 1, 4, 4);
        return List.of(
                Endpoint.consumer("POST", "/colorize", "image/png", "not a png", true),
                Endpoint.consumer("POST", "/v2/models/colorizer/infer", "application/json", infer, false),
                Endpoint.consumer("POST", "/v2/models/colorizer/versions/1/infer", "application/json", infer, false),
                Endpoint.consumer("GET", "/v2/models/colorizer", null, null, false),
                Endpoint.consumer("GET", "/v2/models/colorizer/versions/1", null, null, false),
                Endpoint.consumer("GET", "/models", null, null, true),
                Endpoint.consumer("GET", "/models/colorizer/card", null, null, true),
                Endpoint.consumer("GET", "/models/colorizer/drift", null, null, true));
    }

    private static RequestSpecification anonymous() {
        return given().header(DefaultCredentialsFilter.ANONYMOUS, "yes");
    }

    @Test
    void refusalsSayWhatToSendInTheProtocolsErrorBody() {
        byte[] png = Drawings.png(20, 10, 1);
        anonymous().contentType("image/png").body(png).post("/colorize").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("X-API-Key"))
                .body("type", equalTo("https://inkflow.dev/problems/unauthorized"));
        given().header("X-API-Key", "not-a-key-of-this-service").contentType("image/png").body(png).post("/colorize")
                .then().statusCode(401).body("detail", containsString("not valid"));
        anonymous().contentType("application/json").body(Drawings.inferRequest("a", 1, 4, 4))
                .post("/v2/models/colorizer/infer").then().statusCode(401).body("error", containsString("X-API-Key"));
        // Past authentication: the model is not loaded yet.
        given().contentType("image/png").body(png).post("/colorize")
                .then().statusCode(503).header("Retry-After", "1").contentType("application/problem+json")
                .body("detail", containsString("not loaded yet"));
        given().header("Authorization", "bearer " + org.inkflow.localstack.TestCredentials.get().consumerKey())
                .get("/v2/models/colorizer").then().statusCode(200).body("name", equalTo("colorizer"));
    }

    @Test
    void healthMetricsServerMetadataThePageAndTheApiDocsStayOpen() {
        anonymous().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        anonymous().get("/v2/health/ready").then().statusCode(503).body("ready", equalTo(false));
        anonymous().get("/v2/models/colorizer/ready").then().statusCode(503).body("ready", equalTo(false));
        anonymous().get("/v2").then().statusCode(200).body("name", equalTo("inkflow-inference"));
        anonymous().get("/q/health/live").then().statusCode(200);
        anonymous().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'model' }.status", equalTo("DOWN"));
        anonymous().get("/").then().statusCode(200).body(containsString("Inkflow colorizer"));
        anonymous().get("/app.js").then().statusCode(200);
        anonymous().get("/q/openapi?format=json").then().statusCode(200);
        anonymous().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
        anonymous().contentType("image/png").body(new byte[] {1}).post("/colorize").then().statusCode(401);
        anonymous().get("/q/metrics").then().statusCode(200)
                .body(containsString("inkflow_inference_rejected_requests_total{reason=\"unauthorized\"}"))
                .body(containsString("inkflow_inference_request_seconds_count{endpoint=\"colorize\",status=\"401\"}"));
    }
}
