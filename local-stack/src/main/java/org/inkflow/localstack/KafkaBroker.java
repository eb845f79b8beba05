package org.inkflow.localstack;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A real Kafka broker in KRaft mode, in this JVM (SmallRye's {@link EmbeddedKafkaBroker}), listening on
 * 127.0.0.1 only. For tests; the demo runs {@link KafkaBrokerProcess} instead.
 */
public final class KafkaBroker implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;

    private KafkaBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** Starts a single-node broker on {@code port} (0 picks a free one). */
    public static KafkaBroker start(int port) {
        int kafkaPort = port == 0 ? FreePorts.next() : port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withNodeId(0)
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(kafkaPort)
                .withControllerPort(FreePorts.next())
                .withAdvertisedListeners(EmbeddedKafkaBroker.endpoint(SecurityProtocol.PLAINTEXT, "127.0.0.1", kafkaPort))
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    props.put("auto.create.topics.enable", "true");
                    props.put("num.partitions", "1");
                    props.put("offsets.topic.num.partitions", "1");
                    props.put("group.initial.rebalance.delay.ms", "0");
                    // The log cleaner looks for work every 200 ms, not 15 s, so a test can see compaction run.
                    props.put("log.cleaner.backoff.ms", "200");
                });
        broker.start();
        return new KafkaBroker(broker);
    }

    public String bootstrapServers() {
        return broker.getAdvertisedListeners().replaceFirst("^[A-Z_]+://", "");
    }

    @Override
    public void close() {
        broker.close();
    }
}
