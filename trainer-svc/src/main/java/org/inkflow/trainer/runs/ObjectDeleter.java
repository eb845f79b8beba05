package org.inkflow.trainer.runs;

import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import org.inkflow.common.storage.ObjectStoreException;
import org.inkflow.common.storage.S3Config;
import org.inkflow.common.storage.S3Credentials;

/**
 * Deletes objects: only old checkpoints are ever deleted (keep the last K and the best), which the write-once
 * {@code ObjectStore} does not offer, so this talks to the same bucket through the MinIO client directly.
 */
@FunctionalInterface
public interface ObjectDeleter {

    void delete(String key);

    /** Deletes in the bucket {@code s3} names, with the credentials it chooses. */
    static ObjectDeleter minio(S3Config s3) {
        return minio(MinioClient.builder().endpoint(s3.endpoint()).credentialsProvider(S3Credentials.provider(s3))
                .region(s3.region()).build(), s3.bucket());
    }

    static ObjectDeleter minio(MinioClient client, String bucket) {
        return key -> {
            try {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            } catch (Exception e) {
                throw new ObjectStoreException("delete s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
            }
        };
    }
}
