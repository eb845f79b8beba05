package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.inkflow.common.events.Topics;
import org.inkflow.localstack.ChildProcess;
import org.inkflow.localstack.FreePorts;
import org.inkflow.localstack.KafkaBroker;
import org.junit.jupiter.api.Test;

/** Topic creation waits for a broker that is not up yet, and fails the start only once its timeout has passed. */
class TopicInitializerIT {

    @Test
    void aBrokerThatComesUpLateGetsEveryTopic() throws Exception {
        int port = FreePorts.next();
        TopicInitializer initializer = new TopicInitializer(new KafkaClientConfig(Map.of("bootstrap.servers", "127.0.0.1:" + port)),
                true, Optional.of(2), Duration.ofSeconds(90));
        CompletableFuture<Void> creating = CompletableFuture.runAsync(initializer::createTopics);
        // The broker starts only after creation has failed at least once.
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> !creating.isDone() && !ChildProcess.portOpen(port));
        try (KafkaBroker broker = KafkaBroker.start(port)) {
            creating.get(90, TimeUnit.SECONDS);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(TopicInitializer.desiredTopics(2).stream().map(NewTopic::name).toList());
                assertThat(admin.describeTopics(java.util.List.of(Topics.IMAGES_RAW)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(Topics.IMAGES_RAW).partitions()).hasSize(2);
            }
        }
    }

    @Test
    void noBrokerFailsTheStartAfterTheTimeoutSayingWhy() {
        int port = FreePorts.next();
        TopicInitializer initializer = new TopicInitializer(new KafkaClientConfig(Map.of("bootstrap.servers", "127.0.0.1:" + port)),
                true, Optional.of(1), Duration.ofSeconds(3));
        long start = System.nanoTime();
        assertThatThrownBy(initializer::createTopics).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("within PT3S (inkflow.kafka.create-topics-timeout;")
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3))
                .isLessThan(Duration.ofSeconds(30));
    }
}
