package org.inkflow.cleaner.dedup;

/**
 * The port through which a replica claims a sample on the shared hash log and learns whether it won (ADR 0034):
 * publish the claim (unless the sample was claimed already), wait until the log has been read past it, and answer
 * the {@link ClaimLog} decision, which every replica computes alike. Transient failures (broker down, reader behind)
 * throw {@code TransientFailure} so the raw image is retried.
 */
public interface HashClaims {

    ClaimLog.Decision claim(String sha256, ImageFingerprint fingerprint);
}
