package org.inkflow.crawler.sources;

import java.util.List;

/** One listing page; {@code last} when no page follows it. */
public record SourcePage(List<Candidate> items, boolean last) {

    public SourcePage {
        items = List.copyOf(items);
    }
}
