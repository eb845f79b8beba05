package org.inkflow.cleaner.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inkflow.cleaner.config.CleanerConfig;
import org.inkflow.cleaner.datasets.DatasetBuilder;
import org.inkflow.cleaner.datasets.DatasetRequestException;
import org.inkflow.cleaner.datasets.DatasetSpec;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.split.SplitAssigner;

/**
 * The body of {@code POST /datasets}. Only {@code name} is required; the rest default to the service's settings
 * ({@code imageSize}, {@code normalize}, {@code splits}) or to "no limit". Unknown fields are refused, so a typo does
 * not silently build the wrong dataset.
 */
public record DatasetRequest(
        String name,
        Integer imageSize,
        String lineArt,
        Boolean requirePaired,
        String normalize,
        Integer maxPerTag,
        Integer minPerTag,
        List<String> includeTags,
        List<String> excludeTags,
        Map<String, Double> splits,
        Long seed) {

    private static final ObjectReader STRICT = org.inkflow.common.events.EventJson.MAPPER.readerFor(DatasetRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads a request body, refusing unknown fields and values of the wrong type with the field's name. */
    public static DatasetRequest parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw DatasetRequestException.badField(null, "send a JSON body, e.g. {\"name\":\"openmoji\",\"imageSize\":64,\"lineArt\":\"paired\"}");
        }
        if (!body.isObject()) {
            throw DatasetRequestException.badField(null, "the body must be a JSON object, not " + body.getNodeType());
        }
        try {
            return STRICT.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw DatasetRequestException.badField(e.getPropertyName(), "unknown field '" + e.getPropertyName()
                    + "'; the fields are name, imageSize, lineArt, requirePaired, normalize, maxPerTag, minPerTag,"
                    + " includeTags, excludeTags, splits, seed");
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw DatasetRequestException.badField(field, "field '" + field + "' has the wrong type: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw DatasetRequestException.badField(null, "cannot read the request: " + e.getMessage());
        }
    }

    /** Validates the request; every problem names its field and the values it accepts. */
    public DatasetSpec toSpec(CleanerConfig config) {
        if (name == null || !DatasetSpec.NAME.matcher(name).matches()) {
            throw DatasetRequestException.badField("name", "name '" + name + "' must match " + DatasetSpec.NAME.pattern()
                    + " (lower-case letters, digits, '.', '_', '-'; 1 to 63 characters)");
        }
        int size = imageSize == null ? config.imageSize() : imageSize;
        if (size < 16 || size > 1024 || size % 8 != 0) {
            throw DatasetRequestException.badField("imageSize", "imageSize " + size
                    + " must be a multiple of 8 from 16 to 1024 (64, 128 and 256 are usual)");
        }
        String art;
        String norm;
        try {
            art = LineArtMode.parse(lineArt == null ? LineArtMode.PAIRED.id() : lineArt).id();
        } catch (IllegalArgumentException e) {
            throw DatasetRequestException.badField("lineArt", e.getMessage());
        }
        try {
            norm = NormalizeMode.parse(normalize == null ? config.normalize() : normalize).id();
        } catch (IllegalArgumentException e) {
            throw DatasetRequestException.badField("normalize", e.getMessage());
        }
        if (maxPerTag != null && maxPerTag < 1) {
            throw DatasetRequestException.badField("maxPerTag", "maxPerTag " + maxPerTag + " must be at least 1 (leave it out for no cap)");
        }
        if (minPerTag != null && minPerTag < 1) {
            throw DatasetRequestException.badField("minPerTag", "minPerTag " + minPerTag + " must be at least 1");
        }
        double train = config.split().train();
        double validation = config.split().validation();
        double test = config.split().test();
        if (splits != null) {
            Set<String> unknown = new java.util.TreeSet<>(splits.keySet());
            unknown.removeAll(SplitAssigner.SPLITS);
            if (!unknown.isEmpty() || splits.values().stream().anyMatch(java.util.Objects::isNull)) {
                throw DatasetRequestException.badField("splits", "splits takes numbers for train, validation and test only; got "
                        + splits.keySet());
            }
            train = splits.getOrDefault(SplitAssigner.TRAIN, 0.0);
            validation = splits.getOrDefault(SplitAssigner.VALIDATION, 0.0);
            test = splits.getOrDefault(SplitAssigner.TEST, 0.0);
            try {
                new SplitAssigner(train, validation, test);
            } catch (IllegalArgumentException e) {
                throw DatasetRequestException.badField("splits", e.getMessage());
            }
        }
        return new DatasetSpec(name, size, norm, art, Boolean.TRUE.equals(requirePaired), maxPerTag, minPerTag,
                includeTags, excludeTags, train, validation, test, seed == null ? DatasetBuilder.defaultSeed(name) : seed);
    }
}
