package org.inkflow.crawler.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Keeps each job's status (cursor included) at {@code crawl-jobs/<id>/status.json}: every replica answers GET from
 * it, and the job's next owner resumes from it. Its one writer is the replica that owns the job (the REST replica
 * writes the first QUEUED document before the job's record exists). The document is common's {@link org.inkflow.common.artifacts.CrawlJobStatus}; this class is the one place the
 * job's own {@link CrawlJobStatus} is mapped to and from it.
 */
public class JobStatusStore {

    private static final Logger LOG = Logger.getLogger(JobStatusStore.class);

    private final ObjectStore store;

    public JobStatusStore(ObjectStore store) {
        this.store = store;
    }

    public static String key(String jobId) {
        return Keys.crawlJobStatus(jobId);
    }

    public void save(CrawlJobStatus status) {
        store.putStatus(key(status.id()), toDocument(status).toJson(), "application/json");
    }

    /** The saved status of job {@code id}, or empty when it has none; an unreadable document is an error. */
    public Optional<CrawlJobStatus> load(String id) {
        byte[] json;
        try {
            json = store.get(key(id));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        return Optional.of(fromDocument(org.inkflow.common.artifacts.CrawlJobStatus.read(json)));
    }

    /** Every job status in the bucket; unreadable documents are logged and left out. */
    public List<CrawlJobStatus> loadAll() {
        List<CrawlJobStatus> out = new ArrayList<>();
        for (ObjectInfo info : store.list(Keys.CRAWL_JOBS)) {
            if (!info.key().endsWith("/" + Keys.STATUS)) {
                continue;
            }
            try {
                out.add(fromDocument(org.inkflow.common.artifacts.CrawlJobStatus.read(store.get(info.key()))));
            } catch (RuntimeException e) {
                LOG.warnf("ignoring unreadable job status %s: %s", info.key(), e.getMessage());
            }
        }
        return out;
    }

    static org.inkflow.common.artifacts.CrawlJobStatus toDocument(CrawlJobStatus s) {
        CrawlCounts c = s.counts();
        CrawlCursor cursor = s.cursor();
        return new org.inkflow.common.artifacts.CrawlJobStatus(
                org.inkflow.common.artifacts.CrawlJobStatus.SCHEMA_VERSION, s.id(), s.state().name(), s.source(),
                s.baseUrl(), s.tags(), s.rating(), s.maxImages(), s.requestsPerSecond(), s.size(),
                c == null ? null : new org.inkflow.common.artifacts.CrawlJobStatus.Counts(c.listed(), c.fetched(),
                        c.stored(), c.duplicates(), c.skipped(), c.failed(), c.failures()),
                s.progress(),
                cursor == null ? null : new org.inkflow.common.artifacts.CrawlJobStatus.Cursor(cursor.page(), cursor.offset()),
                s.error(), s.attempts(), s.createdAt(), s.startedAt(), s.updatedAt(), s.finishedAt());
    }

    static CrawlJobStatus fromDocument(org.inkflow.common.artifacts.CrawlJobStatus d) {
        JobState state;
        try {
            state = JobState.valueOf(d.state());
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException("unknown state '" + d.state() + "' in CrawlJobStatus " + d.id()
                    + "; expected one of " + Arrays.toString(JobState.values()), e);
        }
        var c = d.counts();
        var cursor = d.cursor();
        return new CrawlJobStatus(d.schemaVersion(), d.id(), state, d.source(), d.baseUrl(), d.tags(), d.rating(),
                d.maxImages(), d.requestsPerSecond(), d.size(),
                c == null ? null : new CrawlCounts(c.listed(), c.fetched(), c.stored(), c.duplicates(), c.skipped(),
                        c.failed(), c.failures()),
                d.progress() == null ? 0 : d.progress(),
                cursor == null ? null : new CrawlCursor(cursor.page(), cursor.offset()),
                d.error(), d.attempts(), d.createdAt(), d.startedAt(), d.updatedAt(), d.finishedAt());
    }
}
