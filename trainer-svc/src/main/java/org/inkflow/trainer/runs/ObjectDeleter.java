package org.inkflow.trainer.runs;

import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import org.inkflow.common.storage.ObjectStoreException;

/**
 * Deletes objects: only old checkpoints are ever deleted (keep the last K and the best), which the write-once
 * {@code ObjectStore} does not offer, so this talks to the same bucket through the MinIO client directly.
 */
@FunctionalInterface
public interface ObjectDeleter {

    void delete(String key);

    static ObjectDeleter minio(String endpoint, String accessKey, String secretKey, String region, String bucket) {
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region).build();
        return key -> {
            try {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            } catch (Exception e) {
                throw new ObjectStoreException("delete s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
            }
        };
    }
}
