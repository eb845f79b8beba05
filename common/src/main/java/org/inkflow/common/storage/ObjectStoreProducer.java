package org.inkflow.common.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Makes the {@link ObjectStore} injectable, and creates the bucket at start when S3 is already reachable. */
@ApplicationScoped
public class ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @Singleton
    ObjectStore objectStore(S3Config config) {
        return ObjectStore.connect(config);
    }

    void onStart(@Observes StartupEvent event, ObjectStore store, S3Config config) {
        try {
            store.ensureBucket();
        } catch (ObjectStoreException e) {
            // Not fatal: readiness stays down until S3 answers, and the check retries creating the bucket.
            LOG.warnf("S3 at %s is not reachable yet: %s", config.endpoint(), e.getMessage());
        }
    }
}
