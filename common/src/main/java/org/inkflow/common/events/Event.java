package org.inkflow.common.events;

/** An Inkflow Kafka event: a JSON record with a schema version and a record key. */
public interface Event {

    /** The version of the event's JSON shape; readers accept this version and older ones. */
    Integer schemaVersion();

    /** The Kafka record key (a content hash, run id or model name, as docs/architecture.md lists). */
    String key();

    /** Fails with a message naming the field when a required field is missing. */
    static <T> T require(T value, String field, Class<?> event) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new InvalidEventException("missing required field '" + field + "' in " + event.getSimpleName());
        }
        return value;
    }

    /** Checks the schema version: present, and one this code understands. */
    static int requireVersion(Integer version, int current, Class<?> event) {
        require(version, "schemaVersion", event);
        if (version < 1 || version > current) {
            throw new InvalidEventException("unsupported schemaVersion " + version + " in " + event.getSimpleName()
                    + "; this service reads versions 1 to " + current);
        }
        return version;
    }
}
