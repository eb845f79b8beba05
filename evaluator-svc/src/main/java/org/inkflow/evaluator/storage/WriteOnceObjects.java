package org.inkflow.evaluator.storage;

import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.ObjectStoreException;
import org.jboss.logging.Logger;

/**
 * The evaluator's write-once objects (reports, cached scores) where a retry or a second evaluator may have written
 * the same key first: the first write stays, because every writer derives the content from the same immutable
 * inputs and only a timestamp can differ. Also the content types they are served with.
 */
public final class WriteOnceObjects {

    private static final Logger LOG = Logger.getLogger(WriteOnceObjects.class);

    private WriteOnceObjects() {
    }

    /** Writes {@code data} at {@code key} unless an object is there already, which is kept. */
    public static void putOrKeep(ObjectStore store, String key, byte[] data, String contentType) {
        try {
            store.putOnce(key, data, contentType);
        } catch (ObjectStoreException e) {
            if (!store.exists(key)) {
                throw e;
            }
            LOG.infof("%s was written before (a retry or another evaluator); keeping that one", key);
        }
    }

    /** The content type of a report file by its extension. */
    public static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }
}
