package org.inkflow.common.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import org.inkflow.common.events.EventJson;

/**
 * The JSON mapping of stored artifacts: the events' mapping (unknown fields ignored, ISO-8601 times, nulls left
 * out), pretty-printed so a person can read the bucket. Each artifact record reads and writes itself through it.
 */
public final class ArtifactJson {

    private static final ObjectWriter WRITER = EventJson.MAPPER.writerWithDefaultPrettyPrinter();

    private ArtifactJson() {
    }

    public static byte[] write(Object artifact) {
        try {
            return WRITER.writeValueAsBytes(artifact);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + artifact.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads an artifact, failing with {@link InvalidArtifactException} that says what was wrong. */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new InvalidArtifactException("empty document where a " + type.getSimpleName() + " was expected");
        }
        try {
            return EventJson.MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() instanceof InvalidArtifactException ? e.getCause() : e;
            String message = cause.getMessage() == null ? e.getOriginalMessage() : cause.getMessage();
            int nl = message.indexOf('\n');
            throw new InvalidArtifactException(nl < 0 ? message : message.substring(0, nl), e);
        } catch (JsonProcessingException e) {
            throw new InvalidArtifactException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Fails with a message naming the field when a required field is missing. */
    public static <T> T require(T value, String field, Class<?> artifact) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new InvalidArtifactException("missing required field '" + field + "' in " + artifact.getSimpleName());
        }
        return value;
    }

    /**
     * The schema version, checked: one this code understands. A document written before the field existed has
     * none and reads as version 1, so stored data stays readable.
     */
    public static int version(Integer version, int current, Class<?> artifact) {
        int v = version == null ? 1 : version;
        if (v < 1 || v > current) {
            throw new InvalidArtifactException("unsupported schemaVersion " + v + " in " + artifact.getSimpleName()
                    + "; this service reads versions 1 to " + current);
        }
        return v;
    }
}
