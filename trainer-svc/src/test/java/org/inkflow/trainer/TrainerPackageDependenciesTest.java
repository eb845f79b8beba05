package org.inkflow.trainer;

import org.inkflow.localstack.ServiceSkeletonContract;

/** trainer-svc's packages follow the service skeleton (see {@link ServiceSkeletonContract}). */
class TrainerPackageDependenciesTest extends ServiceSkeletonContract {

    @Override
    protected String servicePackage() {
        return "org.inkflow.trainer";
    }

    @Override
    protected String[] domainPackages() {
        return new String[] {"data", "runs", "search", "training"};
    }
}
