package org.inkflow.evaluator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.util.List;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.ServiceAuthContract;
import org.inkflow.localstack.ServiceEndpointsContract;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class EvaluatorEndpointsIT extends ServiceEndpointsContract implements ServiceAuthContract {

    /** The state-changing endpoints, with bodies refused past authentication (so letting the operator in changes nothing). */
    @Override
    public List<Endpoint> protectedEndpoints() {
        return List.of(
                Endpoint.operator("POST", "/models/no-such-model/promote", "{\"version\": \"1\", \"force\": true}"),
                Endpoint.operator("POST", "/models/no-such-model/rollback", "{}"),
                Endpoint.operator("POST", "/models/no-such-model/ensembles", "{}"));
    }

    /** A body and the field its 400 must name. */
    private record Bad(String endpoint, String body, String field) {
    }

    /**
     * A malformed body is judged before the model is looked up: 400 problem+json naming the field, here for a model
     * that does not exist (EvaluationFlowIT sends the same kind to one that does), never the 404 that would hide it.
     */
    @Test
    void aMalformedBodyIsA400NamingItsFieldBeforeTheModelIsLookedUp() {
        List<Bad> cases = List.of(
                new Bad("promote", "{\"version\":\"v1\",\"surprise\":1}", "surprise"),
                new Bad("promote", "{\"version\":{\"a\":1}}", "version"),
                new Bad("promote", "{\"version\":\"../../raw\"}", "version"),
                new Bad("promote", "{\"version\":\"" + "v".repeat(200) + "\"}", "version"),
                new Bad("promote", "{}", "version"),
                new Bad("promote", "{\"version\":\"v1\",\"alias\":\"Prod!\"}", "alias"),
                new Bad("promote", "{\"version\":\"v1\",\"force\":\"maybe\"}", "force"),
                new Bad("promote", "{\"version\":\"v1\",\"force\":[true]}", "force"),
                new Bad("rollback", "{\"alias\":\"../production\"}", "alias"),
                new Bad("rollback", "{\"alias\":{\"a\":1}}", "alias"),
                new Bad("rollback", "{\"aliass\":\"production\"}", "aliass"),
                new Bad("ensembles", "{}", "top"),
                new Bad("ensembles", "{\"top\":1}", "top"),
                new Bad("ensembles", "{\"top\":100000}", "top"),
                new Bad("ensembles", "{\"top\":\"many\"}", "top"),
                new Bad("ensembles", "{\"members\":\"v1\"}", "members"),
                new Bad("ensembles", "{\"members\":[\"v1\",\"../v2\"]}", "members[1]"),
                new Bad("ensembles", "{\"members\":[\"v1\",\"v1\"]}", "members"),
                new Bad("ensembles", "{\"members\":[" + "\"v\",".repeat(100) + "\"w\"]}", "members"),
                new Bad("ensembles", "{\"members\":[\"v1\",\"v2\"],\"datasetName\":\"a/b\"}", "datasetName"),
                new Bad("ensembles", "{\"members\":[\"v1\",\"v2\"],\"datasetVersion\":\"\"}", "datasetVersion"),
                new Bad("ensembles", "{\"top\":3,\"extra\":[1,2,3]}", "extra"));
        for (Bad c : cases) {
            given().contentType(ContentType.JSON).body(c.body()).post("/models/no-such-model/" + c.endpoint())
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo(c.field())).body("status", equalTo(400));
        }
        // A well-formed body gets to the lookup: the model is unknown.
        given().contentType(ContentType.JSON).body("{\"version\":\"v1\",\"alias\":\"staging\"}")
                .post("/models/no-such-model/promote").then().statusCode(404)
                .body("detail", containsString("no model named 'no-such-model'"));
        given().contentType(ContentType.JSON).body("{\"members\":[\"v1\",\"v2\"]}")
                .post("/models/no-such-model/ensembles").then().statusCode(404);
        given().contentType(ContentType.JSON).body("").post("/models/no-such-model/rollback").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Override
    protected String metricPrefix() {
        return "evaluator";
    }
}
