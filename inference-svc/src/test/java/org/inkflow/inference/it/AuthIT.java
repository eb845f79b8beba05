package org.inkflow.inference.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.inkflow.localstack.InkflowTestResource;
import org.junit.jupiter.api.Test;

/**
 * With API keys configured, the inference endpoints need one (Bearer or X-API-Key) and answer 401 without; health,
 * metrics, server metadata, the page, OpenAPI and Swagger UI (switched on here, as in the demo) stay open. No model
 * is promoted here, so a request that passes authentication is answered 503 "not loaded yet", which tells it apart
 * from a 401.
 */
@QuarkusTest
@TestProfile(AuthIT.WithKeys.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class AuthIT {

    /** Two keys, as an operator would set them from a secret. */
    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Swagger UI on, as the demo runs it: it must stay open like /q/openapi.
            return Map.of("inkflow.inference.api-keys", "key-one,key-two", "quarkus.swagger-ui.enabled", "true");
        }
    }

    @Test
    void inferenceEndpointsNeedAValidKey() {
        byte[] png = Drawings.png(20, 10, 1);
        given().contentType("image/png").body(png).post("/colorize").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("needs an API key"))
                .body("type", equalTo("https://inkflow.dev/problems/unauthorized"));
        given().header("X-API-Key", "key-three").contentType("image/png").body(png).post("/colorize")
                .then().statusCode(401).body("detail", containsString("not valid"));
        given().header("Authorization", "Bearer key-one-and-more").contentType("image/png").body(png).post("/colorize")
                .then().statusCode(401);
        given().contentType("application/json").body(Drawings.inferRequest("a", 1, 4, 4))
                .post("/v2/models/colorizer/infer").then().statusCode(401).body("error", containsString("needs an API key"));
        given().get("/v2/models/colorizer").then().statusCode(401);
        given().get("/models/colorizer/card").then().statusCode(401);

        given().header("X-API-Key", "key-one").contentType("image/png").body(png).post("/colorize")
                .then().statusCode(503).header("Retry-After", "1").contentType("application/problem+json")
                .body("detail", containsString("not loaded yet"));
        given().header("Authorization", "Bearer key-two").contentType("application/json")
                .body(Drawings.inferRequest("a", 1, 4, 4)).post("/v2/models/colorizer/infer")
                .then().statusCode(503).body("error", containsString("not loaded yet"));
        given().header("Authorization", "bearer key-two").get("/v2/models/colorizer").then().statusCode(200)
                .body("name", equalTo("colorizer"));
    }

    @Test
    void healthMetricsServerMetadataThePageAndTheApiDocsStayOpen() {
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(503).body("ready", equalTo(false));
        given().get("/v2").then().statusCode(200).body("name", equalTo("inkflow-inference"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'model' }.status", equalTo("DOWN"));
        given().get("/").then().statusCode(200).body(containsString("Inkflow colorizer"));
        given().get("/app.js").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
        given().contentType("image/png").body(new byte[] {1}).post("/colorize").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("inkflow_inference_rejected_requests_total{reason=\"unauthorized\"}"))
                .body(containsString("inkflow_inference_request_seconds_count{endpoint=\"colorize\",status=\"401\"}"));
    }
}
