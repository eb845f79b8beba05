package org.inkflow.evaluator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import org.inkflow.common.api.ProblemException;
import org.inkflow.common.events.EventJson;
import org.inkflow.evaluator.registry.ModelNames;

/**
 * Checks of request body fields that answer 400 naming the field, so a request body is judged by itself, before the
 * model it names is looked up: a malformed body gets the same answer whether or not the model exists.
 */
final class RequestFields {

    /** Unknown fields refused: a typo such as {@code forse} must not promote to the default alias. */
    private static final ObjectReader STRICT = EventJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RequestFields() {
    }

    /**
     * Binds a JSON object body to {@code type}, refusing unknown fields and values of the wrong type; null for no
     * body. The {@link JsonProcessingException} names the field, and common's problem mappers answer it with a 400
     * that says which (Quarkus' generated deserializers would report an unknown field without its name).
     */
    static <T> T read(JsonNode body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!body.isObject()) {
            throw ProblemException.badRequest(null, "the body must be a JSON object, not " + body.getNodeType());
        }
        return STRICT.treeToValue(body, type);
    }

    /** A version, member or dataset name: {@link ModelNames#requireName}'s alphabet. */
    static String name(String value, String field) {
        try {
            return ModelNames.requireName(value, field);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, e.getMessage());
        }
    }

    /** An alias, or null for the default one. */
    static String alias(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ModelNames.requireAlias(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("alias", e.getMessage());
        }
    }
}
