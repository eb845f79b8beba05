package org.inkflow.common.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.inkflow.common.events.Topics;
import org.jboss.logging.Logger;

/**
 * Creates Inkflow's topics (and their dead-letter twins) at start when they are missing, the compacted ones
 * compacted. On by default for the local stack; turn it off ({@code inkflow.kafka.create-topics=false}) where
 * topics are managed elsewhere, e.g. Strimzi {@code KafkaTopic} resources from the Helm chart.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    private final KafkaClientConfig kafka;
    private final boolean enabled;
    private final int partitions;

    public TopicInitializer(
            KafkaClientConfig kafka,
            @ConfigProperty(name = "inkflow.kafka.create-topics", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "inkflow.kafka.partitions", defaultValue = "1") Optional<Integer> partitions) {
        this.kafka = kafka;
        this.enabled = enabled;
        this.partitions = partitions.orElse(1);
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        // The Admin client refuses a default.api.timeout.ms below request.timeout.ms (30 s by default): set both.
        try (Admin admin = Admin.create(kafka.admin(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000)))) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : desiredTopics(partitions)) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                createAll(admin, missing);
            }
        } catch (Exception e) {
            LOG.warnf("could not create Kafka topics at %s (they are created on first use instead): %s",
                    kafka.bootstrapServers(), e.getMessage());
        }
    }

    private static void createAll(Admin admin, List<NewTopic> topics) throws InterruptedException, java.util.concurrent.TimeoutException {
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    LOG.warnf("could not create topic %s: %s", entry.getKey(), e.getCause().getMessage());
                }
            }
        }
    }

    /** Every topic with its settings: compacted as docs/architecture.md says, a dead-letter topic per consumed one. */
    public static List<NewTopic> desiredTopics(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty());
            if (Topics.COMPACTED.contains(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        }
        for (String name : Topics.CONSUMED) {
            topics.add(new NewTopic(Topics.dlq(name), Optional.of(1), Optional.empty()));
        }
        return topics;
    }
}
