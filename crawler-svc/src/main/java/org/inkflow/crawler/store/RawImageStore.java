package org.inkflow.crawler.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.RawImageIndexEntry;
import org.inkflow.common.artifacts.RawImageMetadata;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.storage.ContentHash;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.ObjectStoreException;

/**
 * Stores crawled images once by content hash and announces each new one once. Layout:
 * {@code raw/<source>/<folder>/<sha256>.<ext>}, the metadata JSON beside it, the paired line art (if any) under
 * {@code raw/<source>/<folder>/line-art/<sha256>.png}, and two small indexes that make dedup global across sources
 * and folders: {@code raw/index/sha256/<sha256>.json} (written last, after the broker acknowledged the event, so it
 * marks "stored and announced") and {@code raw/index/md5/<md5>.json} (lets a booru post whose md5 is already known
 * be skipped without downloading it again).
 */
public class RawImageStore {

    /**
     * Runs one write that follows the event, retrying it while it fails transiently: once the event is out, an
     * outage must not make the caller repeat the whole store (and announce the image twice).
     */
    @FunctionalInterface
    public interface AfterAnnounce {
        void run(Runnable write);
    }

    private final ObjectStore store;
    private final ImageEventSink events;
    private final Clock clock;
    private final AfterAnnounce afterAnnounce;

    /**
     * What storing did: {@code stored} (new, announced) or a duplicate of what the index names; {@code repeated} when
     * that duplicate is this job's own image for this same post, stored by an earlier attempt of the job (a resumed
     * job repeats the items after its last saved cursor): the job counts it as stored, not as a duplicate.
     */
    public record Outcome(boolean stored, boolean repeated, String sha256, String objectKey, RawImageStored event) {
    }

    public RawImageStore(ObjectStore store, ImageEventSink events, Clock clock) {
        this(store, events, clock, Runnable::run);
    }

    public RawImageStore(ObjectStore store, ImageEventSink events, Clock clock, AfterAnnounce afterAnnounce) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.afterAnnounce = afterAnnounce;
    }

    /** Whether an image with this md5 (as a booru lists it) is already stored; true means "do not download". */
    public boolean knownMd5(String md5) {
        if (md5 == null || !md5.matches("[0-9a-fA-F]{32}")) {
            return false;
        }
        return store.exists(Keys.rawIndexMd5(md5));
    }

    /**
     * Stores and announces {@code image} unless its content is already stored. Safe to repeat after a crash at any
     * step: objects are content-addressed and write-once, and the index is written only after the event.
     */
    public Outcome store(RawImage image, String jobId) throws ImageEventSink.EventPublishException, InterruptedException {
        String sha = ContentHash.sha256(image.bytes());
        String md5 = md5(image.bytes());
        String indexKey = Keys.rawIndexSha256(sha);
        Optional<RawImageIndexEntry> known = indexed(indexKey);
        if (known.isPresent()) {
            RawImageIndexEntry entry = known.get();
            rememberMd5(md5, sha, entry.objectKey());
            boolean repeated = jobId != null && jobId.equals(entry.jobId()) && image.postId() != null
                    && image.postId().equals(entry.postId());
            return new Outcome(false, repeated, sha, entry.objectKey(), null);
        }
        String folder = folderName(image.folder());
        String objectKey = store.putContentAddressed(Keys.rawFolder(image.source(), folder), image.bytes(), image.format().extension(),
                image.format().contentType()).key();
        String lineArtKey = image.lineArtPng() == null ? null
                : store.putContentAddressed(Keys.rawLineArtFolder(image.source(), folder), image.lineArtPng(), "png", "image/png").key();
        String metadataKey = Keys.rawMetadata(image.source(), folder, sha);
        var now = clock.instant();
        if (!store.exists(metadataKey)) {
            RawImageMetadata metadata = new RawImageMetadata(RawImageMetadata.SCHEMA_VERSION, sha, md5, image.source(),
                    image.postId(), image.tags(), image.rating(), image.width(), image.height(), image.format().contentType(),
                    (long) image.bytes().length, image.sourceUrl(), image.postUrl(), image.license(), lineArtKey,
                    image.groupKey(), jobId, now);
            putOnceTolerant(metadataKey, metadata.toJson(), "application/json");
        }
        RawImageStored event = new RawImageStored(RawImageStored.SCHEMA_VERSION, sha, jobId, image.source(), objectKey,
                metadataKey, image.format().contentType(), (long) image.bytes().length, image.width(), image.height(),
                image.tags(), image.rating(), image.sourceUrl(), image.license(), lineArtKey, image.groupKey(), now);
        events.publish(event);
        byte[] index = new RawImageIndexEntry(RawImageIndexEntry.SCHEMA_VERSION, sha, objectKey, metadataKey, jobId,
                image.postId()).toJson();
        afterAnnounce.run(() -> putOnceTolerant(indexKey, index, "application/json"));
        afterAnnounce.run(() -> rememberMd5(md5, sha, objectKey));
        return new Outcome(true, false, sha, objectKey, event);
    }

    private Optional<RawImageIndexEntry> indexed(String indexKey) {
        if (!store.exists(indexKey)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RawImageIndexEntry.read(store.get(indexKey)));
        } catch (InvalidArtifactException e) {
            // Present but unreadable still means "stored and announced"; the index key stands in for the object.
            return Optional.of(new RawImageIndexEntry(RawImageIndexEntry.SCHEMA_VERSION, "unreadable", indexKey, null,
                    null, null));
        }
    }

    private void rememberMd5(String md5, String sha, String objectKey) {
        String key = Keys.rawIndexMd5(md5);
        if (!store.exists(key)) {
            putOnceTolerant(key, new RawImageIndexEntry(RawImageIndexEntry.SCHEMA_VERSION, sha, objectKey, null, null, null)
                    .toJson(), "application/json");
        }
    }

    /** Write-once where a concurrent writer may have won the race with other bytes: theirs stands. */
    private void putOnceTolerant(String key, byte[] data, String contentType) {
        try {
            store.putOnce(key, data, contentType);
        } catch (ObjectStoreException e) {
            if (!store.exists(key)) {
                throw e;
            }
        }
    }

    /** A tag as a folder name: lower case, {@code [a-z0-9._-]}, other characters as {@code _}, never empty or dots only. */
    public static String folderName(String tag) {
        if (tag == null) {
            return "all";
        }
        String s = tag.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        if (s.length() > 100) {
            s = s.substring(0, 100);
        }
        return s.isEmpty() || s.matches("\\.+") ? "all" : s;
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JVM", e);
        }
    }
}
