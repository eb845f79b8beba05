package org.inkflow.evaluator;

import org.inkflow.localstack.ServiceSkeletonContract;

/** evaluator-svc's packages follow the service skeleton (see {@link ServiceSkeletonContract}). */
class EvaluatorPackageDependenciesTest extends ServiceSkeletonContract {

    @Override
    protected String servicePackage() {
        return "org.inkflow.evaluator";
    }

    @Override
    protected String[] domainPackages() {
        return new String[] {"baseline", "dataset", "evaluation", "gates", "model", "promotion", "quality", "registry", "report", "scoring", "storage"};
    }

    /** The domain reports to Micrometer through ports (EvaluationMonitor, ProductionMonitor) implemented in metrics/. */
    @Override
    protected String[] moreAdapterPackages() {
        return new String[] {"metrics"};
    }

    /** Domain services are built by config/EvaluatorBeans, not by CDI, and measured through ports. */
    @Override
    protected String[] moreFrameworks() {
        return new String[] {"io.micrometer.."};
    }
}
