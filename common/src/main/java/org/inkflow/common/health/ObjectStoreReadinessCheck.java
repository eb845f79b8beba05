package org.inkflow.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.S3Config;

/** Ready only while the bucket answers (and exists: it is created here if it went missing). */
@Readiness
@ApplicationScoped
public class ObjectStoreReadinessCheck implements HealthCheck {

    private final ObjectStore store;
    private final S3Config config;

    public ObjectStoreReadinessCheck(ObjectStore store, S3Config config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("s3").withData("endpoint", config.endpoint()).withData("bucket", store.bucket());
        try {
            store.ensureBucket();
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
