package org.inkflow.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    record Item(String name, int count) {
    }

    record Order(List<Item> items, Map<String, Double> splits) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void typeAndTitleFollowTheStatus() {
        Problem p = Problem.of(404, "no run 'x'; GET /runs lists them", null);
        assertThat(p.type()).hasToString("https://inkflow.dev/problems/not-found");
        assertThat(p.title()).isEqualTo("Not Found");
        assertThat(Problem.of(400, "d", "f").type()).hasToString("https://inkflow.dev/problems/bad-request");
        assertThat(Problem.of(418, "d", null).type()).hasToString("https://inkflow.dev/problems/http-418");
    }

    @Test
    void jsonHasTheRfc9457MembersAndLeavesOutMissingOnes() throws Exception {
        var node = JSON.readTree(ProblemResponses.json(Problem.of(400, "imageSize 65 must be a multiple of 8", "imageSize")
                .at("/datasets")));
        assertThat(node.get("type").asText()).isEqualTo("https://inkflow.dev/problems/bad-request");
        assertThat(node.get("title").asText()).isEqualTo("Bad Request");
        assertThat(node.get("status").asInt()).isEqualTo(400);
        assertThat(node.get("detail").asText()).contains("multiple of 8");
        assertThat(node.get("field").asText()).isEqualTo("imageSize");
        assertThat(node.get("instance").asText()).isEqualTo("/datasets");
        assertThat(JSON.readTree(ProblemResponses.json(Problem.of(404, "gone", null))).has("field")).isFalse();
    }

    @Test
    void problemExceptionKeepsStatusAndField() {
        ProblemException e = ProblemException.badRequest("maxImages", "maxImages must be at least 1");
        assertThat(e.problem().status()).isEqualTo(400);
        assertThat(e.problem().field()).isEqualTo("maxImages");
        assertThat(ProblemException.notFound("x").status()).isEqualTo(404);
        assertThatThrownBy(() -> new ProblemException(200, "fine")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldPathNamesNestedFieldsAndArrayIndexes() {
        var wrongType = catchThrowableOfType(() -> JSON.readValue(
                "{\"items\":[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":\"many\"}]}", Order.class),
                JsonProcessingException.class);
        assertThat(ProblemMappers.fieldPath(wrongType)).isEqualTo("items[1].count");
        var inMap = catchThrowableOfType(() -> JSON.readValue("{\"splits\":{\"train\":\"x\"}}", Order.class),
                JsonProcessingException.class);
        assertThat(ProblemMappers.fieldPath(inMap)).isEqualTo("splits.train");
    }

    @Test
    void fieldPathOfMalformedJsonAndStreamLimitsComesFromTheParser() {
        var malformed = catchThrowableOfType(() -> JSON.readTree("{\"items\": [1, }"), JsonProcessingException.class);
        assertThat(ProblemMappers.fieldPath(malformed)).isEqualTo("items[1]");
        ObjectMapper strict = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(3).maxNumberLength(5).build()).build());
        var deep = catchThrowableOfType(() -> strict.readTree("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}"),
                JsonProcessingException.class);
        assertThat(deep.getOriginalMessage()).contains("nesting depth");
        // Jackson gives no position for a limit hit in a tree, but names the path when it binds a record.
        var longNumber = catchThrowableOfType(() -> strict.readValue("{\"items\":[{\"name\":\"a\",\"count\":1234567}]}",
                Order.class), JsonProcessingException.class);
        assertThat(longNumber.getOriginalMessage()).contains("Number value length");
        assertThat(ProblemMappers.fieldPath(longNumber)).startsWith("items[0]");
    }
}
