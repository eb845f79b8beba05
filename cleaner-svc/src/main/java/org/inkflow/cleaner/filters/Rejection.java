package org.inkflow.cleaner.filters;

/**
 * Why an image was not used: the rule, the value it measured, the threshold it was held to (both null where the
 * rule measures nothing numeric) and a sentence for people.
 */
public record Rejection(RejectionRule rule, Double value, Double threshold, String reason) {

    public static Rejection of(RejectionRule rule, double value, double threshold, String reason) {
        return new Rejection(rule, value, threshold, reason);
    }
}
