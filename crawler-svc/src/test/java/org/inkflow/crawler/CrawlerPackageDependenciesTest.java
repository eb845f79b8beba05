package org.inkflow.crawler;

import org.inkflow.localstack.ServiceSkeletonContract;

/** crawler-svc's packages follow the service skeleton (see {@link ServiceSkeletonContract}). */
class CrawlerPackageDependenciesTest extends ServiceSkeletonContract {

    @Override
    protected String servicePackage() {
        return "org.inkflow.crawler";
    }

    @Override
    protected String[] domainPackages() {
        return new String[] {"crawl", "jobs", "net", "sources", "openmoji", "store"};
    }
}
