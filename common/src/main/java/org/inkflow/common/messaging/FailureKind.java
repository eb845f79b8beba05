package org.inkflow.common.messaging;

/** What to do with a record whose processing failed. */
public enum FailureKind {
    /** Processing it again will fail again (an invalid event, a failed check): dead-letter it once. */
    POISON,
    /** A dependency failed or was not ready (S3 or Kafka unreachable, a timeout, an S3 5xx): retry it later. */
    TRANSIENT
}
