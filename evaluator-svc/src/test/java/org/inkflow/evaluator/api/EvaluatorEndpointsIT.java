package org.inkflow.evaluator.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.ServiceEndpointsContract;

@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class EvaluatorEndpointsIT extends ServiceEndpointsContract {

    @Override
    protected String metricPrefix() {
        return "evaluator";
    }
}
