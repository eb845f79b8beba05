package org.inkflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.inkflow.common.events.Topics;
import org.inkflow.common.messaging.TopicInitializer;
import org.inkflow.common.metrics.MetricNames;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void compactedTopicsAndDeadLetterTwins() {
        Map<String, NewTopic> topics = TopicInitializer.desiredTopics(3).stream()
                .collect(Collectors.toMap(NewTopic::name, t -> t));
        assertThat(topics).hasSize(Topics.ALL.size() + Topics.CONSUMED.size());
        assertThat(topics.get("inkflow.models.promotions").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.get("inkflow.datasets").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.get("inkflow.images.raw").configs()).isNull();
        assertThat(topics.get("inkflow.images.raw").numPartitions()).isEqualTo(3);
        assertThat(topics).containsKey("inkflow.images.raw.dlq").doesNotContainKey("inkflow.samples.rejected.dlq");
    }

    @Test
    void metricNamesFollowTheConvention() {
        assertThat(MetricNames.of("crawler", "stored", "images")).isEqualTo("inkflow.crawler.stored.images");
        assertThat(MetricNames.of("inference", "request")).isEqualTo("inkflow.inference.request");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricNames.of("Crawler", "x", "y"))
                .hasMessageContaining("must match");
    }
}
