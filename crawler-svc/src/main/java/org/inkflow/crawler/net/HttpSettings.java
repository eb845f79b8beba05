package org.inkflow.crawler.net;

import java.time.Duration;

/** How the crawler talks HTTP: identity, timeouts, retries, redirects and robots.txt. */
public record HttpSettings(
        String userAgent,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        int maxRetries,
        Duration retryBaseDelay,
        Duration maxRetryDelay,
        int maxRedirects,
        boolean robotsEnabled,
        Duration robotsCacheTtl,
        long maxRobotsBytes) {

    /** The product token robots.txt groups are matched against: the User-Agent up to its first {@code /}. */
    public String agentToken() {
        String ua = userAgent.trim();
        int end = ua.indexOf('/');
        int space = ua.indexOf(' ');
        if (end < 0 || (space >= 0 && space < end)) {
            end = space;
        }
        return (end < 0 ? ua : ua.substring(0, end)).toLowerCase(java.util.Locale.ROOT);
    }
}
