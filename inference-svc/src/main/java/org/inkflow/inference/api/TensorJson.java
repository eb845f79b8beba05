package org.inkflow.inference.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.inkflow.inference.service.RejectedRequestException;
import org.inkflow.inference.service.TensorRequest;
import org.inkflow.inference.service.TensorResponse;

/**
 * The Open Inference Protocol's JSON tensors, read and written by streaming: a 16x256x256 request is a million
 * numbers, which as a tree would cost tens of megabytes of nodes. {@code data} may be flat or nested (both are
 * row-major in the protocol). Anything the model cannot take is refused with a message that says what it takes.
 */
public final class TensorJson {

    public static final String INPUT = "line_art";
    public static final String OUTPUT = "rgb";
    public static final String DATATYPE = "FP32";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private TensorJson() {
    }

    /** Reads an inference request from {@code body}; {@link RejectedRequestException} (400) says what is wrong. */
    public static TensorRequest read(InputStream body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("the body must be a JSON object {\"inputs\": [...]}");
            }
            String id = null;
            List<Input> inputs = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "inputs" -> inputs = readInputs(p, value);
                    case "outputs" -> checkOutputs(p, value);
                    default -> p.skipChildren(); // "parameters" and extensions this server does not use
                }
            }
            if (inputs == null || inputs.isEmpty()) {
                throw bad("the request has no \"inputs\"; send one tensor named '" + INPUT + "', " + DATATYPE
                        + ", shape [N,H,W,1]");
            }
            if (inputs.size() > 1) {
                throw bad("the request has " + inputs.size() + " inputs; this model takes exactly one, '" + INPUT + "'");
            }
            return inputs.get(0).toRequest(id);
        } catch (JsonProcessingException e) {
            // Malformed JSON, but also a number beyond its type or a stream limit (nesting depth, number length):
            // each is the caller's to fix, so a 400 with the protocol's error body, never a 500.
            throw bad("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<Input> readInputs(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw bad("\"inputs\" must be an array of tensors");
        }
        List<Input> inputs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad("each of \"inputs\" must be an object with name, shape, datatype and data");
            }
            Input input = new Input();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "name" -> input.name = p.getValueAsString();
                    case "datatype" -> input.datatype = p.getValueAsString();
                    case "shape" -> input.shape = readShape(p, value);
                    case "data" -> input.data = readData(p, value);
                    default -> p.skipChildren();
                }
            }
            inputs.add(input);
        }
        return inputs;
    }

    private static void checkOutputs(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw bad("\"outputs\" must be an array of {\"name\": ...}");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad("each of \"outputs\" must be an object {\"name\": \"" + OUTPUT + "\"}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("name".equals(field) && !OUTPUT.equals(p.getValueAsString())) {
                    throw bad("unknown output '" + p.getValueAsString() + "'; this model gives '" + OUTPUT + "'");
                }
                p.skipChildren();
            }
        }
    }

    private static long[] readShape(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw bad("\"shape\" must be an array of integers, e.g. [1,64,48,1]");
        }
        List<Long> dims = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw bad("\"shape\" must hold integers; found " + p.getText());
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw bad("\"shape\" dimension " + p.getText() + " is too large; dimensions are at most "
                        + Integer.MAX_VALUE);
            }
            dims.add(p.getLongValue());
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Flattens {@code data}, nested or flat, into row-major floats. */
    private static float[] readData(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw bad("\"data\" must be an array of numbers (flat or nested, row-major)");
        }
        float[] values = new float[1024];
        int size = 0;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw bad("the body ends inside \"data\"; is it complete?");
            }
            switch (t) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (size == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    values[size++] = p.getFloatValue();
                }
                default -> throw bad("\"data\" must hold only numbers; found " + t + " '" + p.getText()
                        + "' (datatype " + DATATYPE + ")");
            }
        }
        return Arrays.copyOf(values, size);
    }

    private static RejectedRequestException bad(String message) {
        return new RejectedRequestException(400, "bad_request", message);
    }

    /** Writes the protocol's response: {@code model_name}, {@code model_version}, {@code id}, {@code outputs}. */
    public static void write(TensorResponse r, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model_name", r.modelName());
            g.writeStringField("model_version", r.modelVersion());
            if (r.id() != null) {
                g.writeStringField("id", r.id());
            }
            g.writeArrayFieldStart("outputs");
            g.writeStartObject();
            g.writeStringField("name", OUTPUT);
            g.writeStringField("datatype", DATATYPE);
            g.writeArrayFieldStart("shape");
            g.writeNumber(r.n());
            g.writeNumber(r.height());
            g.writeNumber(r.width());
            g.writeNumber(3);
            g.writeEndArray();
            g.writeArrayFieldStart("data");
            for (float v : r.rgb()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static final class Input {
        String name;
        String datatype;
        long[] shape;
        float[] data;

        TensorRequest toRequest(String id) {
            if (name == null || !name.equals(INPUT)) {
                throw bad("unknown input '" + name + "'; this model takes '" + INPUT + "' " + DATATYPE + " [N,H,W,1]");
            }
            if (datatype == null || !datatype.equals(DATATYPE)) {
                throw bad("input '" + INPUT + "' has datatype " + datatype + "; this model takes " + DATATYPE);
            }
            if (shape == null || shape.length != 4 || shape[3] != 1) {
                throw bad("input '" + INPUT + "' has shape " + (shape == null ? "none" : Arrays.toString(shape))
                        + "; this model takes [N,H,W,1] (gray line art, NHWC)");
            }
            for (long d : shape) {
                if (d < 1 || d > Integer.MAX_VALUE) {
                    throw bad("shape " + Arrays.toString(shape) + " has a dimension below 1 or too large");
                }
            }
            if (data == null) {
                throw bad("input '" + INPUT + "' has no \"data\"");
            }
            long expected = shape[0] * shape[1] * shape[2];
            if (data.length != expected) {
                throw bad("input '" + INPUT + "' has shape " + Arrays.toString(shape) + " = " + expected
                        + " values but " + data.length + " in \"data\"");
            }
            return new TensorRequest(id, (int) shape[0], (int) shape[1], (int) shape[2], data);
        }
    }
}
