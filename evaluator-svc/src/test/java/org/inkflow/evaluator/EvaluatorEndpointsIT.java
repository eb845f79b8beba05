package org.inkflow.evaluator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.ServiceAuthContract;
import org.inkflow.localstack.ServiceEndpointsContract;

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

    @Override
    protected String metricPrefix() {
        return "evaluator";
    }
}
