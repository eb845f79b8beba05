package org.inkflow.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where the object store is (any S3 API: MinIO in production, S3Proxy locally) and how a service proves who it is.
 * No credentials are built in: static keys come from the deployment (the chart's Secret, the launcher), or a
 * workload identity is chosen with {@link #credentials()}.
 */
@ConfigMapping(prefix = "inkflow.s3")
public interface S3Config {

    /** The S3 endpoint URL, e.g. {@code http://minio.storage:9000}. */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    /**
     * How credentials are obtained: {@code static} (access and secret key), {@code aws-iam} (the pod's AWS
     * identity: IRSA web-identity token, ECS/EKS container credentials endpoint or EC2 instance profile, read from
     * the standard {@code AWS_*} environment) or {@code minio-sts} (a projected service-account token exchanged at
     * MinIO's STS for temporary keys).
     */
    @WithDefault("static")
    S3Credentials.Mode credentials();

    /** Access key for {@code credentials=static}. */
    Optional<String> accessKey();

    /** Secret key for {@code credentials=static}. */
    Optional<String> secretKey();

    /** The service-account token file for {@code credentials=minio-sts}. */
    @WithDefault("/var/run/secrets/inkflow/s3/token")
    String webIdentityTokenFile();

    /** STS endpoint for {@code credentials=minio-sts}; empty means the S3 endpoint (MinIO serves STS there). */
    Optional<String> stsEndpoint();

    /** Role ARN asked for with {@code credentials=minio-sts} (MinIO's OpenID role policy), if any. */
    Optional<String> roleArn();

    /** Lifetime asked for temporary credentials with {@code credentials=minio-sts}, in seconds. */
    @WithDefault("3600")
    int credentialsDurationSeconds();

    /** The one bucket all Inkflow objects live in; created at start if missing. */
    @WithDefault("inkflow")
    String bucket();

    @WithDefault("us-east-1")
    String region();
}
