package org.inkflow.crawler.openmoji;

import java.util.List;

/**
 * One emoji of {@code data/openmoji.json}: its hexcode (the SVG file name), group, subgroup, tags, and the group key
 * that keeps skin-tone variants together ({@code skintone_base_hexcode}, else the hexcode).
 */
public record OpenMojiEntry(String hexcode, String annotation, String group, String subgroup, List<String> tags,
                            String groupKey) {

    public OpenMojiEntry {
        tags = List.copyOf(tags);
    }

    /** group, subgroup, then the emoji's own tags, without repeats: what {@code RawImageStored.tags} carries. */
    public List<String> allTags() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        if (group != null && !group.isBlank()) {
            all.add(group);
        }
        if (subgroup != null && !subgroup.isBlank()) {
            all.add(subgroup);
        }
        all.addAll(tags);
        return List.copyOf(all);
    }
}
