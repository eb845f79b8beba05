package org.inkflow.common.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.inkflow.common.messaging.KafkaClientConfig;

/**
 * Ready only while the Kafka cluster answers a metadata request. SmallRye's own channel checks say whether each
 * channel's client is connected; this one also covers services that are between messages. inference-svc excludes
 * it as a bean and reports it in its model check's details instead (its readiness is the model's).
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck, AutoCloseable {

    private final KafkaClientConfig kafka;
    private volatile Admin admin;

    public KafkaReadinessCheck(KafkaClientConfig kafka) {
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka").withData("bootstrap.servers", kafka.bootstrapServers());
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes().get(3, TimeUnit.SECONDS).size();
            return response.status(nodes > 0).withData("nodes", nodes).build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(kafka.admin(Map.of(
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                            AdminClientConfig.CLIENT_ID_CONFIG, "inkflow-readiness")));
                }
                a = admin;
            }
        }
        return a;
    }

    /** Closes the Admin client; a service that builds this check itself (not as a bean) calls it at shutdown. */
    @Override
    @PreDestroy
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
