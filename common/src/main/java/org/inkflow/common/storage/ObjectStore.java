package org.inkflow.common.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.opentelemetry.context.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.inkflow.common.tracing.TraceCarriers;

/**
 * The Inkflow bucket, through the MinIO Java SDK. Objects are written once: a second put of the same bytes is a
 * no-op and a put of other bytes to an existing key is refused, except for status documents, whose key names
 * them ({@code ...status.json}) and which may be overwritten.
 *
 * <p>"Once" holds between replicas too: {@link #putOnce} is a conditional write ({@code If-None-Match: *}), so of
 * two writers racing for a key exactly one creates it and the other sees what is there, instead of both passing a
 * stat and the second overwriting the first. S3, MinIO and S3Proxy (the tests' server) make it atomic.
 *
 * <p>Every object is written with the {@code traceparent} of the span current on the writing thread as user metadata
 * (none without one), so a stage that reads it later can link its work to the trace that wrote it
 * ({@link #userMetadata}, {@code Traces.storedBy}).
 */
public class ObjectStore {

    private static final String NO_SUCH_KEY = "NoSuchKey";

    private final MinioClient client;
    private final String bucket;

    public ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** The store {@code config} names, with the credentials it chooses ({@link S3Credentials}). */
    public static ObjectStore connect(S3Config config) {
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentialsProvider(S3Credentials.provider(config))
                .region(config.region())
                .build();
        return new ObjectStore(client, config.bucket());
    }

    public static ObjectStore connect(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        MinioClient client = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .region(region)
                .build();
        return new ObjectStore(client, bucket);
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if it is missing; answers whether the store is reachable (used by readiness). */
    public void ensureBucket() {
        call("check bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(null).build());
            }
            return null;
        });
    }

    /**
     * Puts {@code data} under {@code <prefix>/<sha256>.<extension>}. The same bytes twice are written once.
     */
    public PutResult putContentAddressed(String prefix, byte[] data, String extension, String contentType) {
        String sha = ContentHash.sha256(data);
        String key = (prefix.endsWith("/") ? prefix : prefix + "/") + sha + (extension == null || extension.isEmpty() ? "" : "." + extension);
        boolean written = putOnce(key, data, contentType);
        return new PutResult(key, sha, written);
    }

    /**
     * Writes {@code data} at {@code key} unless it is already there. Returns {@code false} when the same bytes were
     * there; fails when other bytes were (objects never change).
     */
    public boolean putOnce(String key, byte[] data, String contentType) {
        Optional<ObjectInfo> existing = stat(key); // the common case (a retry, a duplicate) costs no upload
        if (existing.isEmpty()) {
            try {
                write(key, data, contentType, Map.of("If-None-Match", "*"));
                return true;
            } catch (ObjectChangedException e) {
                // another writer created it between the stat and the put: compare with theirs
            }
        }
        if (Arrays.equals(get(key), data)) {
            return false;
        }
        throw new ObjectStoreException("s3://" + bucket + "/" + key + " already exists with other content;"
                + " objects are written once (write a new version under a new key)");
    }

    /** Overwrites a status document; its key must say it is one ({@code ...status.json}). */
    public void putStatus(String key, byte[] data, String contentType) {
        if (!isStatusKey(key)) {
            throw new ObjectStoreException("s3://" + bucket + "/" + key + " is not a status document; only keys"
                    + " whose name ends in 'status.json' may be overwritten");
        }
        write(key, data, contentType);
    }

    public static boolean isStatusKey(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.endsWith("status.json");
    }

    private void write(String key, byte[] data, String contentType) {
        write(key, data, contentType, Map.of());
    }

    /** Puts the object with extra (conditional) headers; a refused condition is {@link ObjectChangedException}. */
    private void write(String key, byte[] data, String contentType, Map<String, String> headers) {
        try {
            call("put " + key, () -> client.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .headers(headers)
                    .userMetadata(TraceCarriers.metadata(Context.current()))
                    .stream(new ByteArrayInputStream(data), data.length, -1)
                    .contentType(contentType == null ? "application/octet-stream" : contentType)
                    .build()));
        } catch (ObjectStoreException e) {
            if (e.getCause() instanceof ErrorResponseException r && preconditionFailed(r)) {
                throw new ObjectChangedException(bucket, key, headers);
            }
            throw e;
        }
    }

    private static boolean preconditionFailed(ErrorResponseException e) {
        return "PreconditionFailed".equals(e.errorResponse().code())
                || e.response() != null && e.response().code() == 412;
    }

    /** The object's bytes; {@link ObjectNotFoundException} when there is none. */
    public byte[] get(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException("read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** A stream of the object's bytes, to close after use; {@link ObjectNotFoundException} when there is none. */
    public InputStream open(String key) {
        return call("get " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()), key);
    }

    public Optional<ObjectInfo> stat(String key) {
        try {
            StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(new ObjectInfo(key, r.size(), r.etag(),
                    r.lastModified() == null ? null : r.lastModified().toInstant()));
        } catch (ErrorResponseException e) {
            if (NO_SUCH_KEY.equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())
                    || e.response() != null && e.response().code() == 404) {
                return Optional.empty();
            }
            throw new ObjectStoreException("stat s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ObjectStoreException("stat s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** The object's user metadata (names without {@code x-amz-meta-}); {@link ObjectNotFoundException} when absent. */
    public Map<String, String> userMetadata(String key) {
        return call("stat " + key, () -> {
            Map<String, String> metadata = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .userMetadata();
            return metadata == null ? Map.<String, String>of() : Map.copyOf(metadata);
        }, key);
    }

    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    /** Every object whose key starts with {@code prefix}, in key order. */
    public List<ObjectInfo> list(String prefix) {
        return call("list " + prefix, () -> {
            List<ObjectInfo> out = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    out.add(new ObjectInfo(item.objectName(), item.size(), item.etag(),
                            item.lastModified() == null ? null : item.lastModified().toInstant()));
                }
            }
            return out;
        });
    }

    /**
     * The names of the folders directly under {@code prefix} (which ends in {@code /}): one level of a
     * {@code /}-delimited listing, so a caller can enumerate models or versions without listing every object below.
     */
    public List<String> folders(String prefix) {
        return call("list folders " + prefix, () -> {
            List<String> out = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket).prefix(prefix).delimiter("/").recursive(false).build())) {
                Item item = result.get();
                String name = item.objectName();
                if (item.isDir() && name.length() > prefix.length() + 1) {
                    out.add(name.substring(prefix.length(), name.length() - 1));
                }
            }
            return out;
        });
    }

    /** Writes every file under {@code dir} once, keyed by its relative path under {@code prefix}. */
    public int putDirectory(Path dir, String prefix) {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        try (Stream<Path> files = Files.walk(dir)) {
            int count = 0;
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(file).toString().replace('\\', '/');
                putOnce(base + rel, Files.readAllBytes(file), "application/octet-stream");
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("upload " + dir + " to " + prefix, e);
        }
    }

    /** Downloads every object under {@code prefix} into {@code dir}, keeping relative paths. */
    public int getDirectory(String prefix, Path dir) {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        List<ObjectInfo> objects = list(base);
        if (objects.isEmpty()) {
            throw new ObjectNotFoundException(bucket, base);
        }
        try {
            for (ObjectInfo object : objects) {
                Path target = dir.resolve(object.key().substring(base.length())).normalize();
                if (!target.startsWith(dir)) {
                    throw new ObjectStoreException("refusing to write " + object.key() + " outside " + dir);
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = open(object.key())) {
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return objects.size();
        } catch (IOException e) {
            throw new UncheckedIOException("download " + prefix + " to " + dir, e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, S3Call<T> action) {
        return call(what, action, null);
    }

    private <T> T call(String what, S3Call<T> action, String keyForNotFound) {
        try {
            return action.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (keyForNotFound != null && (NO_SUCH_KEY.equals(code) || "NoSuchObject".equals(code))) {
                throw new ObjectNotFoundException(bucket, keyForNotFound);
            }
            throw new ObjectStoreException(what + " in bucket " + bucket + " failed: " + code + " " + e.getMessage(), e);
        } catch (ObjectStoreException e) {
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException(what + " in bucket " + bucket + " failed: " + e, e);
        }
    }
}
