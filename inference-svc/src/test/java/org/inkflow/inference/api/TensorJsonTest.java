package org.inkflow.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
}
