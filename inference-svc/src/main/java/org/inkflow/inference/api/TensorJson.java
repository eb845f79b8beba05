package org.inkflow.inference.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.inkflow.inference.service.RejectedRequestException;
import org.inkflow.inference.service.TensorContract;
import org.inkflow.inference.service.TensorRequest;
import org.inkflow.inference.service.TensorResponse;

/**
 * The Open Inference Protocol's JSON tensors, read and written by streaming: a 16x256x256 request is a million
 * numbers, which as a tree would cost tens of megabytes of nodes. {@code data} may be flat or nested (both are
 * row-major in the protocol). Anything the model cannot take is refused with a message that says what it takes.
 *
 * <p>Also the protocol's binary tensor data extension (as KServe and Triton clients send it): the
 * {@code Inference-Header-Content-Length} header gives the length of the JSON part; an input whose
 * {@code parameters.binary_data_size} is set has no {@code data} and its bytes (little-endian FP32, row-major) follow
 * the JSON in input order. The output is binary when the request's {@code parameters.binary_data_output} is true or
 * the output's own {@code parameters.binary_data} is (the latter wins); its JSON then carries
 * {@code parameters.binary_data_size} instead of {@code data}, and the bytes follow the JSON.
 */
public final class TensorJson {

    public static final String INPUT = TensorContract.INPUT;
    public static final String OUTPUT = TensorContract.OUTPUT;
    public static final String DATATYPE = TensorContract.DATATYPE;

    /** The extension's header: the number of bytes of JSON at the start of a body that has binary data. */
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    /** What {@code GET /v2} lists for it, by Triton's name. */
    public static final String BINARY_EXTENSION = "binary_tensor_data";

    /**
     * Tensors are thousands of numbers: the fast float parser and writer (Jackson's FastDoubleParser and Schubfach
     * writer; both round-trip every float exactly) instead of the JDK 17 {@code Float.parseFloat}/{@code toString}.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** A parsed request: the tensor, and whether the client asked for the output as binary data. */
    public record Parsed(TensorRequest tensor, boolean binaryOutput) {
    }

    private TensorJson() {
    }

    /** Reads an all-JSON inference request from {@code body}; {@link RejectedRequestException} (400) says what is wrong. */
    public static TensorRequest read(InputStream body) throws IOException {
        return read(body, -1).tensor();
    }

    /**
     * Reads an inference request whose first {@code jsonLength} bytes are JSON and the rest binary tensor data, or,
     * with {@code jsonLength} negative, an all-JSON one.
     */
    public static Parsed read(InputStream body, long jsonLength) throws IOException {
        JsonPart part = jsonLength < 0 ? null : new JsonPart(body, jsonLength);
        Header parsed = readJson(part == null ? body : part);
        TensorContract.checkNames(parsed.inputs().stream().map(input -> input.name).toList());
        // Binary inputs' bytes follow the JSON in input order.
        for (Input input : parsed.inputs()) {
            readBinary(body, input, jsonLength);
        }
        if (jsonLength >= 0) {
            long extra = body.skip(Long.MAX_VALUE) + (body.read() < 0 ? 0 : 1);
            if (extra > 0) {
                throw bad("the body has bytes after the binary data that no input claims; each binary input must"
                        + " give parameters.binary_data_size");
            }
        }
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        List<float[]> data = new ArrayList<>();
        for (Input input : parsed.inputs()) {
            data.add(input.checkedData());
            names.add(input.name);
            shapes.add(input.shape);
        }
        return new Parsed(TensorContract.request(parsed.id(), names, shapes, data), parsed.binaryOutput());
    }

    private static void readBinary(InputStream body, Input input, long jsonLength) throws IOException {
        if (input.binarySize >= 0) {
            if (jsonLength < 0) {
                throw bad("input '" + input.name + "' has parameters.binary_data_size but the request has no "
                        + HEADER_LENGTH + " header saying where its JSON ends");
            }
            byte[] bytes = body.readNBytes((int) Math.min(input.binarySize, Integer.MAX_VALUE));
            if (bytes.length < input.binarySize) {
                throw bad("the body ends inside the binary data: binary_data_size " + input.binarySize + " but "
                        + bytes.length + " bytes follow the JSON");
            }
            if (bytes.length % Float.BYTES != 0) {
                throw bad("binary_data_size " + bytes.length + " is no whole number of " + DATATYPE + " values ("
                        + Float.BYTES + " bytes each)");
            }
            input.data = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(input.data);
        }
    }

    private record Header(String id, List<Input> inputs, boolean binaryOutput) {
    }

    private static Header readJson(InputStream body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("the body must be a JSON object {\"inputs\": [...]}");
            }
            String id = null;
            List<Input> inputs = null;
            Boolean requestBinary = null;
            Boolean outputBinary = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "inputs" -> inputs = readInputs(p, value);
                    case "outputs" -> outputBinary = readOutputs(p, value);
                    case "parameters" -> requestBinary = readParameters(p, value, "binary_data_output");
                    default -> p.skipChildren(); // extensions this server does not use
                }
            }
            if (p.nextToken() != null) {
                throw bad("the body goes on after its JSON object");
            }
            if (inputs == null || inputs.isEmpty()) {
                throw bad("the request has no \"inputs\"; send one tensor named '" + INPUT + "', " + DATATYPE
                        + ", shape [N,H,W,1]");
            }
            if (inputs.size() > 2) {
                throw bad("the request has " + inputs.size() + " inputs; this model takes '" + INPUT + "' and, for a"
                        + " hint model, optionally '" + TensorContract.HINTS + "'");
            }
            boolean binaryOutput = outputBinary != null ? outputBinary : Boolean.TRUE.equals(requestBinary);
            return new Header(id, inputs, binaryOutput);
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
                    case "parameters" -> input.binarySize = readBinarySize(p, value);
                    default -> p.skipChildren();
                }
            }
            inputs.add(input);
        }
        return inputs;
    }

    /** Checks the requested outputs; returns the output's own {@code binary_data} choice, null when it has none. */
    private static Boolean readOutputs(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw bad("\"outputs\" must be an array of {\"name\": ...}");
        }
        Boolean binary = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad("each of \"outputs\" must be an object {\"name\": \"" + OUTPUT + "\"}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("name".equals(field) && !OUTPUT.equals(p.getValueAsString())) {
                    throw bad("unknown output '" + p.getValueAsString() + "'; this model gives '" + OUTPUT + "'");
                }
                if ("parameters".equals(field)) {
                    binary = readParameters(p, value, "binary_data");
                } else {
                    p.skipChildren();
                }
            }
        }
        return binary;
    }

    /** Reads a parameters object, returning the boolean parameter {@code name} (null when absent). */
    private static Boolean readParameters(JsonParser p, JsonToken token, String name) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw bad("\"parameters\" must be an object");
        }
        Boolean found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals(field)) {
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                    throw bad("parameter " + name + " must be true or false");
                }
                found = value == JsonToken.VALUE_TRUE;
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /** An input's {@code parameters.binary_data_size}, or -1 when it has none. */
    private static long readBinarySize(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw bad("\"parameters\" must be an object");
        }
        long size = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("binary_data_size".equals(field)) {
                if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || p.getLongValue() < 0) {
                    throw bad("binary_data_size must be a non-negative integer (bytes)");
                }
                size = p.getLongValue();
            } else {
                p.skipChildren();
            }
        }
        return size;
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
        writeJson(r, out, false);
    }

    /** The JSON part of a binary response ({@code binary_data_size} instead of {@code data}); its bytes follow it. */
    public static byte[] binaryHeader(TensorResponse r) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream(256);
        writeJson(r, json, true);
        return json.toByteArray();
    }

    /** Writes {@code header} then the output as little-endian FP32, row-major: the binary response's body. */
    public static void writeBinary(byte[] header, TensorResponse r, OutputStream out) throws IOException {
        out.write(header);
        float[] values = r.rgb();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            chunk.clear();
            int n = Math.min(values.length - i, chunk.capacity() / Float.BYTES);
            chunk.asFloatBuffer().put(values, i, n);
            out.write(chunk.array(), 0, n * Float.BYTES);
            i += n;
        }
    }

    private static void writeJson(TensorResponse r, OutputStream out, boolean binary) throws IOException {
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
            if (binary) {
                g.writeObjectFieldStart("parameters");
                g.writeNumberField("binary_data_size", (long) r.rgb().length * Float.BYTES);
                g.writeEndObject();
            } else {
                g.writeArrayFieldStart("data");
                for (float v : r.rgb()) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
            }
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
        long binarySize = -1;

        /** The input's values after checking its name, datatype, shape and value count. */
        float[] checkedData() {
            long expected = TensorContract.checkInput(name, datatype, shape);
            if (data == null) {
                throw bad("input '" + name + "' has no \"data\" (and no parameters.binary_data_size)");
            }
            if (binarySize >= 0 && binarySize != expected * Float.BYTES) {
                throw bad("input '" + name + "' has shape " + Arrays.toString(shape) + " = " + expected * Float.BYTES
                        + " bytes of " + DATATYPE + " but binary_data_size " + binarySize);
            }
            if (data.length != expected) {
                throw bad("input '" + name + "' has shape " + Arrays.toString(shape) + " = " + expected
                        + " values but " + data.length + " in \"data\"");
            }
            return data;
        }
    }

    /**
     * The JSON part of a body with binary data: at most {@code length} bytes of {@code body}, so the parser's
     * read-ahead cannot take binary bytes (and a length past the JSON's end shows as bytes after the JSON object);
     * closing it leaves {@code body} open for them.
     */
    private static final class JsonPart extends InputStream {

        private final InputStream body;
        private long remaining;

        JsonPart(InputStream body, long length) {
            this.body = body;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = body.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = body.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the binary data follows
        }
    }
}
