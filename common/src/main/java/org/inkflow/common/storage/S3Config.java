package org.inkflow.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the object store is: any S3 API (MinIO in production, S3Proxy locally). */
@ConfigMapping(prefix = "inkflow.s3")
public interface S3Config {

    /** The S3 endpoint URL, e.g. {@code http://minio.storage:9000}. */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    @WithDefault("inkflow")
    String accessKey();

    @WithDefault("inkflow-local-secret")
    String secretKey();

    /** The one bucket all Inkflow objects live in; created at start if missing. */
    @WithDefault("inkflow")
    String bucket();

    @WithDefault("us-east-1")
    String region();
}
