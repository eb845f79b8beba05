package org.inkflow.cleaner;

import org.inkflow.localstack.ServiceSkeletonContract;

/** cleaner-svc's packages follow the service skeleton (see {@link ServiceSkeletonContract}). */
class CleanerPackageDependenciesTest extends ServiceSkeletonContract {

    @Override
    protected String servicePackage() {
        return "org.inkflow.cleaner";
    }

    @Override
    protected String[] domainPackages() {
        return new String[] {"datasets", "dedup", "filters", "lineart", "normalize", "samples", "split"};
    }
}
