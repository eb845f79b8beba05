package org.inkflow.common.messaging;

/**
 * Marks a domain exception that fails the same way on every attempt, whatever its cause chain holds (an
 * {@link java.io.IOException} from parsing a bad file, say), so its record is dead-lettered without retries.
 */
public interface ReproducibleFailure {
}
