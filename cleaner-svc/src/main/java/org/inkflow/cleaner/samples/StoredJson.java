package org.inkflow.cleaner.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.inkflow.common.events.EventJson;

/** JSON of the documents the cleaner stores (meta.json, manifests, statuses): EventJson's mapping, pretty-printed. */
public final class StoredJson {

    private StoredJson() {
    }

    public static byte[] write(Object value) {
        try {
            return EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return EventJson.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
