package org.inkflow.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client needs to reach a local SASL_SSL broker: its SCRAM-SHA-512 user and the truststore with the broker's
 * certificate, as Kafka client properties and as the {@code kafka.}-prefixed Quarkus properties a service reads.
 */
public record KafkaClientSecurity(String username, String password, BrokerCertificates certificates) {

    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Kafka client properties (no bootstrap servers): {@code security.protocol}, {@code sasl.*}, {@code ssl.*}. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", jaasConfig(username, password));
        props.put("ssl.truststore.location", certificates.truststore().toString());
        props.put("ssl.truststore.password", certificates.truststorePassword());
        props.put("ssl.truststore.type", "PKCS12");
        return props;
    }

    /** The same settings as Quarkus properties ({@code kafka.security.protocol=SASL_SSL}, ...). */
    public Map<String, String> quarkusProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        clientProperties().forEach((key, value) -> props.put("kafka." + key, String.valueOf(value)));
        return props;
    }

    static String jaasConfig(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }
}
