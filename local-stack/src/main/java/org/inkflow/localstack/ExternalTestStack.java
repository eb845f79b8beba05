package org.inkflow.localstack;

/** Servers someone else runs (a real MinIO and Kafka); nothing is started or stopped. */
record ExternalTestStack(String kafkaBootstrapServers, String s3Endpoint, String s3AccessKey, String s3SecretKey)
        implements TestStack {

    @Override
    public void close() {
        // Not ours to stop.
    }
}
