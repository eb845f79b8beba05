package org.inkflow.common.storage;

import java.util.Map;

/**
 * A conditional write was refused (HTTP 412): the object was created or changed by another writer since the caller
 * looked. Not a transient failure: retrying the same write cannot succeed; the caller reads again and decides.
 */
public class ObjectChangedException extends ObjectStoreException {

    public ObjectChangedException(String bucket, String key, Map<String, String> condition) {
        super("s3://" + bucket + "/" + key + " was written by someone else meanwhile (" + condition + " refused)");
    }
}
