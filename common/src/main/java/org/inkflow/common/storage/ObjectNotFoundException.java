package org.inkflow.common.storage;

/** No object at the key asked for. */
public class ObjectNotFoundException extends ObjectStoreException {

    public ObjectNotFoundException(String bucket, String key) {
        super("no object at s3://" + bucket + "/" + key);
    }
}
