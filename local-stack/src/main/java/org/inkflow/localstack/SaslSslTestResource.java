package org.inkflow.localstack;

/**
 * As {@link InkflowTestResource}, with a broker that accepts SASL_SSL (SCRAM-SHA-512 over TLS) only: the service
 * under test gets {@code kafka.security.protocol}, {@code kafka.sasl.*} and {@code kafka.ssl.truststore.*}, and the
 * test's own clients {@link TestStack#kafkaClientProperties()}.
 */
public class SaslSslTestResource extends InkflowTestResource {

    @Override
    protected TestStack startStack() {
        return LocalTestStack.startSaslSsl();
    }
}
