package org.inkflow.cleaner;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.ServiceAuthContract;
import org.inkflow.localstack.ServiceEndpointsContract;

@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class CleanerEndpointsIT extends ServiceEndpointsContract implements ServiceAuthContract {

    /** The state-changing endpoints, with bodies refused past authentication (so letting the operator in changes nothing). */
    @Override
    public List<Endpoint> protectedEndpoints() {
        return List.of(
                Endpoint.operator("POST", "/datasets", "{}"));
    }

    @Override
    protected String metricPrefix() {
        return "cleaner";
    }
}
