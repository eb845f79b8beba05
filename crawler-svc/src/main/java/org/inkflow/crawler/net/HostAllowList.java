package org.inkflow.crawler.net;

import java.util.List;
import java.util.Locale;

/**
 * The hosts the crawler may contact ({@code inkflow.crawler.allowed-hosts}): exact names, {@code *.suffix} for
 * subdomains, or {@code *} for any host. Checked for the job's base URL and again for every redirect.
 */
public final class HostAllowList {

    private final List<String> entries;

    public HostAllowList(List<String> entries) {
        this.entries = entries.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).toList();
    }

    public boolean allows(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        for (String entry : entries) {
            if (entry.equals("*") || entry.equals(h)) {
                return true;
            }
            if (entry.startsWith("*.") && h.endsWith(entry.substring(1)) && h.length() > entry.length() - 1) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }
}
