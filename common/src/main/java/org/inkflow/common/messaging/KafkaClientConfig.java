package org.inkflow.common.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka client settings of a service's own clients (the Admin clients for topics and readiness): the same
 * {@code kafka.}-prefixed configuration Quarkus gives the SmallRye channels (bootstrap servers,
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, from properties or {@code KAFKA_*} variables), so every
 * client reaches a TLS or SASL broker the way the channels do.
 */
@ApplicationScoped
public class KafkaClientConfig {

    private final Map<String, Object> shared;

    /** @param shared Quarkus' {@code default-kafka-broker} map: every {@code kafka.*} property, prefix removed */
    public KafkaClientConfig(@Identifier("default-kafka-broker") Map<String, Object> shared) {
        this.shared = Map.copyOf(shared);
    }

    public String bootstrapServers() {
        return String.valueOf(shared.getOrDefault(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"));
    }

    /** Admin client properties: the shared ones an Admin client knows, then {@code overrides} (timeouts, client id). */
    public Map<String, Object> admin(Map<String, Object> overrides) {
        return adminProperties(shared, overrides);
    }

    /** Plain-Java core of {@link #admin}: consumer-only keys such as {@code group.id} are left out, not warned about. */
    static Map<String, Object> adminProperties(Map<String, Object> shared, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        shared.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.putIfAbsent(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.putAll(overrides);
        return props;
    }
}
