package org.inkflow.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.inkflow.inference.service.RejectedRequestException;
import org.inkflow.inference.service.TensorRequest;
import org.inkflow.inference.service.TensorResponse;
import org.junit.jupiter.api.Test;

class TensorJsonTest {

    private static TensorRequest read(String json) throws Exception {
        return TensorJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertBad(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(RejectedRequestException.class,
                e -> assertThat(e.status()).isEqualTo(400)).hasMessageContaining(message);
    }

    @Test
    void readsFlatAndNestedDataOfANonSquareTensor() throws Exception {
        TensorRequest flat = read("""
                {"id":"r1","parameters":{"x":[1,2]},"inputs":[{"name":"line_art","shape":[1,2,3,1],"datatype":"FP32",
                 "parameters":{},"data":[0,0.1,0.2,0.3,0.4,1]}],"outputs":[{"name":"rgb"}]}""");
        assertThat(flat.id()).isEqualTo("r1");
        assertThat(flat.n()).isEqualTo(1);
        assertThat(flat.height()).isEqualTo(2);
        assertThat(flat.width()).isEqualTo(3);
        assertThat(flat.lineArt()).containsExactly(0f, 0.1f, 0.2f, 0.3f, 0.4f, 1f);
        TensorRequest nested = read("""
                {"inputs":[{"data":[[[[0],[0.1],[0.2]],[[0.3],[0.4],[1]]]],"datatype":"FP32","name":"line_art","shape":[1,2,3,1]}]}""");
        assertThat(nested.lineArt()).containsExactly(flat.lineArt());
        assertThat(nested.id()).isNull();
    }

    /** Issue 17: each of these was a 500 because Jackson's stream limits escaped as a non-400 exception. */
    @Test
    void hintsAreAnOptionalSecondInputInJsonAndBinary() throws Exception {
        TensorRequest r = read("""
                {"inputs":[{"name":"line_art","shape":[1,1,2,1],"datatype":"FP32","data":[0,1]},
                {"name":"hints","shape":[1,1,2,4],"datatype":"FP32","data":[1,0,0,1, 0,0,0,0]}]}""");
        assertThat(r.lineArt()).containsExactly(0f, 1f);
        assertThat(r.hints()).containsExactly(1f, 0f, 0f, 1f, 0f, 0f, 0f, 0f);
        assertThat(read("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":[0]}]}")
                .hints()).isNull();
        // Binary: each input's bytes follow the JSON in input order.
        String json = "{\"inputs\":[{\"name\":\"hints\",\"shape\":[1,1,2,4],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":32}},{\"name\":\"line_art\",\"shape\":[1,1,2,1],"
                + "\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":8}}]}";
        TensorRequest b = readBinary(binaryBody(json, 0, 1, 0, 1, 0, 0, 0, 0, 0.5f, 1), json.length()).tensor();
        assertThat(b.hints()).containsExactly(0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f);
        assertThat(b.lineArt()).containsExactly(0.5f, 1f);

        assertBad("""
                {"inputs":[{"name":"line_art","shape":[1,1,2,1],"datatype":"FP32","data":[0,1]},
                {"name":"hints","shape":[1,2,1,4],"datatype":"FP32","data":[1,0,0,1, 0,0,0,0]}]}""",
                "must have the line art's N, H and W: [1,1,2,4]");
        assertBad("""
                {"inputs":[{"name":"line_art","shape":[1,1,2,1],"datatype":"FP32","data":[0,1]},
                {"name":"hints","shape":[1,1,2,3],"datatype":"FP32","data":[1,0,0, 0,0,0]}]}""", "hints are [N,H,W,4]");
        assertBad("""
                {"inputs":[{"name":"hints","shape":[1,1,2,4],"datatype":"FP32","data":[1,0,0,1, 0,0,0,0]}]}""",
                "no input 'line_art'");
        assertBad("""
                {"inputs":[{"name":"line_art","shape":[1,1,1,1],"datatype":"FP32","data":[0]},
                {"name":"line_art","shape":[1,1,1,1],"datatype":"FP32","data":[0]}]}""", "2 inputs");
    }

    @Test
    void hostileNumbersAndNestingAre400s() {
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,99999999999999999999999,1,1],\"datatype\":\"FP32\","
                + "\"data\":[0]}]}", "too large");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":"
                + "[".repeat(5000) + "0" + "]".repeat(5000) + "}]}", "not valid JSON");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":["
                + "1".repeat(2001) + "]}]}", "not valid JSON");
    }

    @Test
    void refusesWhatTheModelCannotTake() {
        assertBad("not json", "not valid JSON");
        assertBad("[1,2]", "JSON object");
        assertBad("{}", "no \"inputs\"");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,2,2,1],\"datatype\":\"INT8\",\"data\":[0,0,0,0]}]}",
                "datatype INT8");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,2,2,3],\"datatype\":\"FP32\",\"data\":[0,0,0,0]}]}",
                "[N,H,W,1]");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,2,2,1],\"datatype\":\"FP32\",\"data\":[0,0,0]}]}",
                "4 values but 3");
        assertBad("{\"inputs\":[{\"name\":\"sketch\",\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":[0]}]}",
                "unknown input 'sketch'");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":[\"a\"]}]}",
                "only numbers");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":[0]}],"
                + "\"outputs\":[{\"name\":\"depth\"}]}", "unknown output 'depth'");
        assertBad("{\"inputs\":[{\"name\":\"line_art\",\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":[0,",
                "JSON");
    }

    @Test
    void writesTheProtocolsResponseShape() throws Exception {
        float[] rgb = new float[2 * 1 * 3 * 3]; // [2, 1, 3, 3]
        rgb[5] = 0.5f;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TensorJson.write(new TensorResponse("colorizer", "7", "req-9", 2, 1, 3, rgb), out);
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertThat(json.get("model_name").asText()).isEqualTo("colorizer");
        assertThat(json.get("model_version").asText()).isEqualTo("7");
        assertThat(json.get("id").asText()).isEqualTo("req-9");
        JsonNode output = json.get("outputs").get(0);
        assertThat(output.get("name").asText()).isEqualTo("rgb");
        assertThat(output.get("datatype").asText()).isEqualTo("FP32");
        assertThat(output.get("shape").toString()).isEqualTo("[2,1,3,3]");
        assertThat(output.get("data").size()).isEqualTo(18);
        assertThat(output.get("data").get(5).floatValue()).isEqualTo(0.5f);
    }

    /** A binary-extension body: {@code json} then {@code values} as little-endian FP32; returns it and the JSON length. */
    static byte[] binaryBody(String json, float... values) {
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(head.length + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.put(head);
        for (float v : values) {
            body.putFloat(v);
        }
        return body.array();
    }

    static TensorJson.Parsed readBinary(byte[] body, long jsonLength) throws Exception {
        return TensorJson.read(new ByteArrayInputStream(body), jsonLength);
    }

    static final String BINARY_INPUT = "{\"inputs\":[{\"name\":\"line_art\",\"shape\":[2,1,3,1],\"datatype\":\"FP32\","
            + "\"parameters\":{\"binary_data_size\":24}}]";

    @Test
    void readsBinaryTensorDataAfterTheJsonPart() throws Exception {
        String json = BINARY_INPUT + ",\"outputs\":[{\"name\":\"rgb\",\"parameters\":{\"binary_data\":true}}]}";
        float[] values = {0f, 0.25f, 0.5f, 0.75f, 1f, -0f};
        TensorJson.Parsed parsed = readBinary(binaryBody(json, values), json.length());
        assertThat(parsed.tensor().n()).isEqualTo(2);
        assertThat(parsed.tensor().height()).isEqualTo(1);
        assertThat(parsed.tensor().width()).isEqualTo(3);
        assertThat(parsed.tensor().lineArt()).containsExactly(values);
        assertThat(parsed.binaryOutput()).isTrue();

        // JSON data with the header is fine too; the output's own choice wins over the request's.
        String jsonData = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":[{\"name\":\"line_art\","
                + "\"shape\":[1,1,2,1],\"datatype\":\"FP32\",\"data\":[0.5,1]}],"
                + "\"outputs\":[{\"name\":\"rgb\",\"parameters\":{\"binary_data\":false}}]}  ";
        TensorJson.Parsed plain = readBinary(jsonData.getBytes(StandardCharsets.UTF_8), jsonData.length());
        assertThat(plain.tensor().lineArt()).containsExactly(0.5f, 1f);
        assertThat(plain.binaryOutput()).isFalse();
        String requestWide = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":[{\"name\":\"line_art\","
                + "\"shape\":[1,1,1,1],\"datatype\":\"FP32\",\"data\":[1]}]}";
        assertThat(TensorJson.read(new ByteArrayInputStream(requestWide.getBytes(StandardCharsets.UTF_8)), -1)
                .binaryOutput()).isTrue();
    }

    @Test
    void refusesBinaryDataThatDoesNotAddUp() {
        String json = BINARY_INPUT + "}";
        float[] six = {0, 0, 0, 0, 0, 0};
        assertBinaryBad(binaryBody(json, 0, 0, 0, 0, 0), json.length(), "ends inside the binary data");
        assertBinaryBad(binaryBody(json, 0, 0, 0, 0, 0, 0, 0), json.length(), "bytes after the binary data");
        assertBinaryBad(binaryBody(json), -1, "no Inference-Header-Content-Length");
        assertBinaryBad(binaryBody(json, six), -1, "not valid JSON");
        assertBinaryBad(binaryBody(json, six), json.length() + 3, "JSON");
        assertBinaryBad(binaryBody(json, six), json.length() - 1, "not valid JSON");
        String wrongSize = BINARY_INPUT.replace("24", "20") + "}";
        assertBinaryBad(binaryBody(wrongSize, 0, 0, 0, 0, 0), wrongSize.length(), "binary_data_size 20");
        String odd = BINARY_INPUT.replace("24", "23") + "}";
        assertBinaryBad(binaryBody(odd, six), odd.length(), "no whole number");
        String negative = BINARY_INPUT.replace("24", "-4") + "}";
        assertBinaryBad(binaryBody(negative), negative.length(), "non-negative integer");
        String notBool = "{\"parameters\":{\"binary_data_output\":\"yes\"},\"inputs\":[]}";
        assertBinaryBad(notBool.getBytes(StandardCharsets.UTF_8), notBool.length(), "true or false");
    }

    private static void assertBinaryBad(byte[] body, long jsonLength, String message) {
        assertThatThrownBy(() -> readBinary(body, jsonLength)).isInstanceOfSatisfying(RejectedRequestException.class,
                e -> assertThat(e.status()).isEqualTo(400)).hasMessageContaining(message);
    }

    @Test
    void writesABinaryResponseAsJsonThenLittleEndianFloats() throws Exception {
        float[] rgb = new float[2 * 3 * 1 * 3]; // [2, 3, 1, 3]
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = i / 17f;
        }
        TensorResponse response = new TensorResponse("colorizer", "7", null, 2, 3, 1, rgb);
        byte[] header = TensorJson.binaryHeader(response);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TensorJson.writeBinary(header, response, out);
        byte[] body = out.toByteArray();

        JsonNode json = new ObjectMapper().readTree(java.util.Arrays.copyOf(body, header.length));
        JsonNode output = json.get("outputs").get(0);
        assertThat(output.has("data")).isFalse();
        assertThat(output.get("shape").toString()).isEqualTo("[2,3,1,3]");
        assertThat(output.get("parameters").get("binary_data_size").asLong()).isEqualTo(rgb.length * 4L);
        assertThat(body).hasSize(header.length + rgb.length * 4);
        ByteBuffer data = ByteBuffer.wrap(body, header.length, rgb.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : rgb) {
            assertThat(data.getFloat()).isEqualTo(v);
        }
    }
}
