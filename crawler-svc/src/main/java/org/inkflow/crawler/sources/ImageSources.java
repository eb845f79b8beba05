package org.inkflow.crawler.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sources jobs may name. */
public final class ImageSources {

    private final Map<String, ImageSource> byName = new LinkedHashMap<>();

    public ImageSources(List<ImageSource> sources) {
        for (ImageSource source : sources) {
            if (byName.put(source.name(), source) != null) {
                throw new IllegalArgumentException("two sources are named " + source.name());
            }
        }
    }

    public Optional<ImageSource> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
