package org.inkflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.Event;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.InvalidEventException;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.ModelEvaluation;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;
import org.inkflow.common.events.TrainingProgress;
import org.inkflow.common.events.TrainingRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    static final Instant T = Instant.parse("2026-11-23T10:15:30.123Z");
    static final String SHA = "ab12".repeat(16);

    static Stream<Event> everyEvent() {
        return Stream.of(
                new CrawlJobRequested(1, "job-1", "safebooru", "http://127.0.0.1:1234", List.of("cat", "solo"), "g", 100, 2.0, T, 64),
                CrawlJobRequested.cancel("job-1", T),
                new RawImageStored(1, SHA, "job-1", "openmoji", "raw/openmoji/animal/" + SHA + ".png", "raw/openmoji/animal/" + SHA + ".json",
                        "image/png", 1234L, 64, 64, List.of("animal"), "g", "file:/x.tgz", "CC BY-SA 4.0",
                        "raw/openmoji/animal/cd34.png", "1F600", T),
                new SampleCleaned(1, SHA, "train", "samples/" + SHA + "/input.png", "samples/" + SHA + "/target.png",
                        "samples/" + SHA + "/meta.json", 64, "paired", "1F600", List.of("animal"), "openmoji", "CC BY-SA 4.0", T),
                new SampleRejected(1, SHA, "too-small", 12.0, 32.0, "image is 12 px wide; the minimum is 32", "raw/x.png", T),
                new DatasetPublished(1, "openmoji", "v1", "datasets/openmoji/v1/manifest.json",
                        Map.of("train", 70, "validation", 20, "test", 10), 64, T),
                new TrainingRequested(1, "run-1", "openmoji", "v1", "colorizer", Map.of("learningRate", 0.001, "steps", 300),
                        Map.of("strategy", "grid", "trials", 4), T),
                new TrainingProgress(1, "run-1", "RUNNING", 42L, 1, 0.12, 0.15, 0.001, 1.5, 98.0, T),
                new ModelCandidate(1, "colorizer", "3", "run-1", "models/colorizer/3/", "openmoji", "v1", 64,
                        Map.of("valLoss", 0.1), List.of(), T),
                new ModelEvaluation(1, "colorizer", "3", true,
                        Map.of("validation", Map.of("psnr", 21.5, "ssim", 0.8)),
                        List.of(new ModelEvaluation.GateCheck("psnr-min", "psnr", 21.5, 18.0, true, "psnr >= 18")),
                        "evaluations/colorizer/3/report.html", T),
                new ModelPromotion(1, "colorizer", "production", "3", "models/colorizer/3/", Map.of("psnr", 21.5), "promote", "2", T));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void roundTripsThroughJson(Event event) {
        String json = EventJson.write(event);
        Event back = EventJson.read(json, event.getClass());
        assertThat(back).isEqualTo(event);
        assertThat(json).contains("\"schemaVersion\":1").contains("2026-11-23T10:15:30.123Z");
        assertThat(back.key()).isNotBlank();
    }

    @Test
    void promotionsAreKeyedByModelAndAliasSoCompactionKeepsEveryAlias() {
        var production = new ModelPromotion(1, "colorizer", "production", "3", "models/colorizer/3/", null, "promote", null, T);
        var staging = new ModelPromotion(1, "colorizer", "staging", "4", "models/colorizer/4/", null, "promote", null, T);
        assertThat(production.key()).isEqualTo("colorizer/production").isEqualTo(ModelPromotion.key("colorizer", "production"));
        assertThat(staging.key()).isNotEqualTo(production.key());
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"schemaVersion\":1,\"runId\":\"r\",\"state\":\"RUNNING\",\"addedLater\":{\"x\":1}}";
        assertThat(EventJson.read(json, TrainingProgress.class).runId()).isEqualTo("r");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        String json = "{\"schemaVersion\":1,\"modelName\":\"colorizer\",\"alias\":\"production\",\"location\":\"models/c/1/\"}";
        assertThatThrownBy(() -> EventJson.read(json, ModelPromotion.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("missing required field 'version' in ModelPromotion");
    }

    @Test
    void crawlJobRecordsRunUnlessTheySayCancelAndOldRecordsStillRead() {
        String old = "{\"schemaVersion\":1,\"jobId\":\"j\",\"source\":\"safebooru\",\"baseUrl\":\"http://127.0.0.1:1\"}";
        CrawlJobRequested run = EventJson.read(old, CrawlJobRequested.class);
        assertThat(run.action()).isEqualTo(CrawlJobRequested.RUN);
        assertThat(run.isCancel()).isFalse();
        CrawlJobRequested cancel = EventJson.read(EventJson.write(CrawlJobRequested.cancel("j", T)), CrawlJobRequested.class);
        assertThat(cancel.isCancel()).isTrue();
        assertThat(cancel.key()).isEqualTo(run.key());
        assertThat(cancel.source()).isNull();
        assertThatThrownBy(() -> EventJson.read("{\"schemaVersion\":1,\"jobId\":\"j\",\"action\":\"pause\"}",
                CrawlJobRequested.class)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown action 'pause'");
        assertThatThrownBy(() -> EventJson.read("{\"schemaVersion\":1,\"jobId\":\"j\",\"action\":\"run\"}",
                CrawlJobRequested.class)).hasMessage("missing required field 'source' in CrawlJobRequested");
    }

    @Test
    void missingOrFutureSchemaVersionIsRejected() {
        assertThatThrownBy(() -> EventJson.read("{\"runId\":\"r\",\"state\":\"X\"}", TrainingProgress.class))
                .hasMessage("missing required field 'schemaVersion' in TrainingProgress");
        assertThatThrownBy(() -> EventJson.read("{\"schemaVersion\":9,\"runId\":\"r\",\"state\":\"X\"}", TrainingProgress.class))
                .hasMessageContaining("unsupported schemaVersion 9");
    }

    @Test
    void malformedJsonIsAClearError() {
        assertThatThrownBy(() -> EventJson.read("{not json", SampleCleaned.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not a valid SampleCleaned");
        assertThatThrownBy(() -> EventJson.read("", SampleCleaned.class))
                .hasMessageContaining("empty record");
        assertThatThrownBy(() -> EventJson.read(" null ", SampleCleaned.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("null where a SampleCleaned was expected");
    }
}
