package org.inkflow.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** What tests of replicas wait for in a consumer group: the work topic's partitions shared out among live members. */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /**
     * Waits until exactly {@code members} members of consumer group {@code group} each own at least one partition of
     * {@code topic}, and all of its {@code partitions} are assigned. A killed member counts until the broker has
     * evicted it (its {@code session.timeout.ms}), so after a kill this waits for the survivors' own assignment.
     */
    public static void awaitShared(String bootstrapServers, String group, String topic, int members, int partitions,
                                   Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Awaitility.await("group " + group + " sharing " + topic + "'s " + partitions + " partitions among " + members)
                    .atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                                .get(5, TimeUnit.SECONDS).get(group);
                        long owners = description.members().stream().filter(m -> m.assignment().topicPartitions().stream()
                                .anyMatch(tp -> tp.topic().equals(topic))).count();
                        long assigned = description.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                                .map(TopicPartition::topic).filter(topic::equals).count();
                        return owners == members && assigned == partitions;
                    });
        }
    }
}
