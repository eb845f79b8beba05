package org.inkflow.crawler.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.inkflow.common.artifacts.Keys;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.jboss.logging.Logger;

/** Keeps each job's status (cursor included) at {@code crawl-jobs/<id>/status.json}, so a restarted service resumes it. */
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
        store.putStatus(key(status.id()), EventJson.write(status).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** Every job status in the bucket; unreadable documents are logged and left out. */
    public List<CrawlJobStatus> loadAll() {
        List<CrawlJobStatus> out = new ArrayList<>();
        for (ObjectInfo info : store.list(Keys.CRAWL_JOBS)) {
            if (!info.key().endsWith("/" + Keys.STATUS)) {
                continue;
            }
            try {
                out.add(EventJson.MAPPER.readValue(store.get(info.key()), CrawlJobStatus.class));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("ignoring unreadable job status %s: %s", info.key(), e.getMessage());
            }
        }
        return out;
    }

    public String describe(String jobId) {
        return new String(store.get(key(jobId)), StandardCharsets.UTF_8);
    }
}
