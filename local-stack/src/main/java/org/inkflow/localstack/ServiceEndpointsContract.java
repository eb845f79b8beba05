package org.inkflow.localstack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What every Inkflow service answers, against a real broker and S3: liveness, readiness (with its Kafka and S3
 * checks up, or the checks {@link #readinessChecks()} names for a service whose readiness is not its
 * dependencies'), Prometheus metrics with the service's own {@code inkflow_<service>_} names, OpenAPI, and Swagger UI
 * off by default. A service's
 * test extends this with {@code @QuarkusTest @QuarkusTestResource(InkflowTestResource.class)}.
 */
public abstract class ServiceEndpointsContract {

    /** The {@code <service>} of {@code inkflow_<service>_...} metric names. */
    protected abstract String metricPrefix();

    @Test
    void liveness() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /**
     * The readiness checks this service must report UP. Kafka and S3 for every service by default; inference-svc,
     * whose readiness is its model's (issue 18), overrides it and checks the dependency details itself.
     */
    protected String[] readinessChecks() {
        return new String[] {"kafka", "s3"};
    }

    @Test
    void readinessCoversKafkaAndS3() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems(readinessChecks())));
    }

    @Test
    void prometheusMetricsIncludeTheServicesOwn() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("inkflow_" + metricPrefix() + "_"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApi() {
        given().get("/q/openapi?format=json").then().statusCode(200).body(containsString("\"openapi\""));
    }

    @Test
    void swaggerUiIsInTheBuildButOffUnlessEnabled() {
        // quarkus.swagger-ui.enabled=false outside dev mode; the demo and the chart switch it on at run time.
        given().get("/q/swagger-ui/").then().statusCode(404);
    }
}
