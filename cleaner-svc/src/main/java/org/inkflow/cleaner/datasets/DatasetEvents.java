package org.inkflow.cleaner.datasets;

import org.inkflow.common.events.DatasetPublished;

/** Announces a published dataset version on {@code inkflow.datasets}; returns once the broker has acknowledged it. */
public interface DatasetEvents {

    void published(DatasetPublished event);
}
