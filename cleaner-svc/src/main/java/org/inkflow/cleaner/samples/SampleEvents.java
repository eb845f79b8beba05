package org.inkflow.cleaner.samples;

import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;

/**
 * Announces a raw image's outcome on {@code samples.cleaned} or {@code samples.rejected}; returns once the broker has
 * acknowledged the event, so the "done" marker written after it never precedes a lost event.
 */
public interface SampleEvents {

    void cleaned(SampleCleaned event);

    void rejected(SampleRejected event);
}
