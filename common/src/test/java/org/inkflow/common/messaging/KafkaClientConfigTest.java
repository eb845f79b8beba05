package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaClientConfigTest {

    /** What Quarkus builds from kafka.* properties and KAFKA_* variables for a SASL_SSL cluster like Strimzi's. */
    private static final Map<String, Object> SASL_SSL = Map.of(
            "bootstrap.servers", "kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/inkflow/kafka-truststore/ca.p12",
            "ssl.truststore.type", "PKCS12",
            "ssl.truststore.password", "secret",
            "group.id", "cleaner-svc");

    @Test
    void adminClientsTakeTheChannelsSecuritySettings() {
        KafkaClientConfig config = new KafkaClientConfig(SASL_SSL);
        Map<String, Object> admin = config.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "inkflow-readiness"));
        assertThat(admin)
                .containsEntry("bootstrap.servers", "kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", SASL_SSL.get("sasl.jaas.config"))
                .containsEntry("ssl.truststore.location", "/etc/inkflow/kafka-truststore/ca.p12")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "secret")
                .containsEntry("client.id", "inkflow-readiness")
                .doesNotContainKey("group.id");
        assertThat(config.bootstrapServers()).isEqualTo("kafka-bootstrap:9093");
    }

    @Test
    void overridesWinAndALoopbackDefaultFillsAMissingAddress() {
        Map<String, Object> admin = KafkaClientConfig.adminProperties(Map.of("request.timeout.ms", "30000"),
                Map.of("request.timeout.ms", 2000));
        assertThat(admin).containsEntry("request.timeout.ms", 2000).containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }

    @Test
    void theTopicInitializersTimeoutsMakeAValidAdminClient() {
        // default.api.timeout.ms alone below the 30 s request timeout makes Admin.create throw; both are set.
        Map<String, Object> props = KafkaClientConfig.adminProperties(Map.of("bootstrap.servers", "127.0.0.1:1"),
                Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
        assertThatCode(() -> Admin.create(props).close()).doesNotThrowAnyException();
    }
}
