package org.inkflow.common.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.inkflow.common.events.Topics;
import org.jboss.logging.Logger;

/**
 * Creates Inkflow's topics (and their dead-letter twins) at start when they are missing, the compacted ones
 * compacted, and grows a topic that has fewer than {@code inkflow.kafka.partitions} partitions (never shrinks one, never grows a
 * compacted one).
 * Runs before SmallRye's channels start (their start-up observer has priority {@value #MESSAGING_START_PRIORITY}),
 * so a consumer never subscribes first and has the broker auto-create a one-partition topic; work channels also set
 * {@code allow.auto.create.topics=false}. On by default for the local stack; turn it off
 * ({@code inkflow.kafka.create-topics=false}) where topics are managed elsewhere, e.g. Strimzi {@code KafkaTopic}
 * resources from the Helm chart.
 *
 * <p>A broker that is not reachable yet (started after the service, restarting) is waited for: the whole step is
 * retried with backoff (1 s doubling up to 10 s) until {@code inkflow.kafka.create-topics-timeout} (default 60 s)
 * and only then fails the start, so a service never runs its channels against topics that were never made.
 */
@ApplicationScoped
public class TopicInitializer {

    /** The priority of Quarkus' SmallRyeReactiveMessagingLifecycle start-up observer, which starts the channels. */
    static final int MESSAGING_START_PRIORITY = 1000;

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

    private final KafkaClientConfig kafka;
    private final boolean enabled;
    private final int partitions;
    private final Duration timeout;

    @Inject
    public TopicInitializer(
            KafkaClientConfig kafka,
            @ConfigProperty(name = "inkflow.kafka.create-topics", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "inkflow.kafka.partitions", defaultValue = "1") Optional<Integer> partitions,
            @ConfigProperty(name = "inkflow.kafka.create-topics-timeout", defaultValue = "60s") Duration timeout) {
        this.kafka = kafka;
        this.enabled = enabled;
        this.partitions = partitions.orElse(1);
        this.timeout = timeout;
    }

    void onStart(@Observes @Priority(MESSAGING_START_PRIORITY - 10) StartupEvent event) {
        if (enabled) {
            createTopics();
        }
    }

    /**
     * Creates missing topics and grows short ones, retrying while the broker cannot be reached; throws when it still
     * cannot after the timeout (the service's start fails with that message).
     */
    public void createTopics() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            try {
                createTopicsOnce();
                if (attempt > 1) {
                    LOG.infof("created the Kafka topics at %s on attempt %d", kafka.bootstrapServers(), attempt);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating the Kafka topics", e);
            } catch (Exception e) {
                String reason = e instanceof ExecutionException && e.getCause() != null ? e.getCause().toString() : e.toString();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("could not create the Kafka topics at " + kafka.bootstrapServers()
                            + " within " + timeout + " (inkflow.kafka.create-topics-timeout; " + attempt
                            + " attempts): " + reason + ". Is the broker running and reachable?", e);
                }
                Duration sleep = wait.compareTo(Duration.ofNanos(left)) < 0 ? wait : Duration.ofNanos(left);
                LOG.warnf("could not create the Kafka topics at %s (attempt %d): %s; retrying in %d ms",
                        kafka.bootstrapServers(), attempt, reason, sleep.toMillis());
                try {
                    Thread.sleep(Math.max(1, sleep.toMillis()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", ie);
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }

    private void createTopicsOnce() throws Exception {
        // The Admin client refuses a default.api.timeout.ms below request.timeout.ms (30 s by default): set both.
        try (Admin admin = Admin.create(kafka.admin(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)))) {
            Set<String> existing = createMissing(admin, partitions, Duration.ofSeconds(10));
            growPartitions(admin, existing);
        }
    }

    /**
     * Creates the topics of {@link #desiredTopics} that {@code admin}'s broker lacks, each answer awaited up to
     * {@code wait}; returns the topics that existed before. A topic that exists by the time its create is answered
     * is fine: another replica made it, or the Admin client re-sent a create whose first answer it lost (a slow
     * broker), and found the topic its first request had made. Tests that need the topics before any service starts
     * use this too.
     */
    public static Set<String> createMissing(Admin admin, int partitions, Duration wait) throws Exception {
        Set<String> existing = admin.listTopics().names().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : desiredTopics(partitions)) {
            if (!existing.contains(topic.name())) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            createAll(admin, missing, wait);
        }
        return existing;
    }

    private static void createAll(Admin admin, List<NewTopic> topics, Duration wait)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) {
                    throw new IllegalStateException("creating topic " + entry.getKey() + ": " + e.getCause(), e);
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    LOG.warnf("could not create topic %s: %s", entry.getKey(), e.getCause().getMessage());
                }
            }
        }
    }

    /** Topics made before with fewer partitions than configured get more; keys then map to new partitions. */
    private void growPartitions(Admin admin, Set<String> existing) throws Exception {
        // Never a compacted topic: its latest record per key must stay on the key's partition, or a replay after
        // compaction could read an older record of a key after a newer one.
        List<String> ours = Topics.ALL.stream().filter(existing::contains).filter(t -> !Topics.COMPACTED.contains(t))
                .toList();
        if (ours.isEmpty() || partitions <= 1) {
            return;
        }
        Map<String, NewPartitions> grow = new java.util.HashMap<>();
        for (TopicDescription topic : admin.describeTopics(ours).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
            if (topic.partitions().size() < partitions) {
                LOG.infof("topic %s has %d partition(s); growing it to %d (inkflow.kafka.partitions)", topic.name(),
                        topic.partitions().size(), partitions);
                grow.put(topic.name(), NewPartitions.increaseTo(partitions));
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(10, TimeUnit.SECONDS);
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
