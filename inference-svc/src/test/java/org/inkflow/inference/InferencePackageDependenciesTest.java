package org.inkflow.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.inkflow.localstack.ServiceSkeletonContract;
import org.junit.jupiter.api.Test;

/**
 * inference-svc's packages follow the service skeleton (see {@link ServiceSkeletonContract}), and serving/ knows
 * nothing above it.
 */
class InferencePackageDependenciesTest extends ServiceSkeletonContract {

    @Override
    protected String servicePackage() {
        return "org.inkflow.inference";
    }

    @Override
    protected String[] domainPackages() {
        return new String[] {"batching", "drift", "imaging", "service", "serving"};
    }

    @Override
    protected String[] moreAdapterPackages() {
        return new String[] {"health", "grpc"};
    }

    @Test
    void servingKnowsNothingAboveIt() {
        // serving/ is the shape to follow: it knows nothing above it, not even the service that drives it.
        noClasses().that().resideInAnyPackage(packages("serving")).should().dependOnClassesThat()
                .resideInAnyPackage(packages("service", "metrics", "batching"))
                .check(classes());
    }
}
