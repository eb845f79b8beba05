package org.inkflow.cleaner.samples;

import java.time.Instant;

/** {@code samples/<sha256>/rejected.json}: a raw image's rejection, kept so the same image again changes nothing. */
public record RejectionRecord(String sha256, String rule, Double value, Double threshold, String reason, String rawKey,
                              Instant rejectedAt) {
}
