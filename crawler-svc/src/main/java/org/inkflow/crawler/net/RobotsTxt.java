package org.inkflow.crawler.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed robots.txt (RFC 9309): the group for our product token, else {@code *}; the longest matching
 * Allow/Disallow rule wins and Allow wins ties; {@code *} and {@code $} wildcards; Crawl-delay as a floor on the
 * request interval, capped at {@link #MAX_CRAWL_DELAY}.
 *
 * <p>Our own rather than crawler-commons' {@code SimpleRobotRulesParser}: the parser is small, follows RFC 9309
 * (longest match, Allow wins ties) where crawler-commons keeps its own precedence rules, and is covered by
 * hostile-input tests here. Wildcard matching is linear in practice and O(pattern x path) at worst (no
 * backtracking explosion: {@code /a*a*a*a*...b} against a long path of {@code a}s answers at once), and a
 * Crawl-delay of any size, {@code Infinity} or {@code NaN} cannot overflow the rate arithmetic.
 */
public final class RobotsTxt {

    /**
     * The longest Crawl-delay honoured: a site asking for more is crawled one request per minute (a robots.txt
     * saying {@code Crawl-delay: 86400} would otherwise stall the job for days per image).
     */
    public static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(60);

    private static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), null);
    private static final RobotsTxt DISALLOW_ALL = new RobotsTxt(List.of(new Rule(false, "/")), null);

    private final List<Rule> rules;
    private final Duration crawlDelay;

    private RobotsTxt(List<Rule> rules, Duration crawlDelay) {
        this.rules = rules;
        this.crawlDelay = crawlDelay;
    }

    /** No robots.txt (a 4xx answer): everything may be crawled. */
    public static RobotsTxt allowAll() {
        return ALLOW_ALL;
    }

    /** robots.txt could not be fetched (5xx, unreachable): nothing may be crawled, as RFC 9309 asks. */
    public static RobotsTxt disallowAll() {
        return DISALLOW_ALL;
    }

    record Rule(boolean allow, String pattern) {
    }

    /** Parses {@code text} for the crawler whose product token is {@code agentToken} (e.g. {@code inkflow-crawler}). */
    public static RobotsTxt parse(String text, String agentToken) {
        String token = agentToken.toLowerCase(Locale.ROOT);
        List<Rule> specific = null;
        Duration specificDelay = null;
        List<Rule> star = null;
        Duration starDelay = null;

        List<String> agents = new ArrayList<>();
        List<Rule> current = new ArrayList<>();
        Duration delay = null;
        boolean inRules = false;
        List<String> lines = new ArrayList<>(text.lines().toList());
        lines.add("user-agent: \u0000end"); // flushes the last group
        for (String raw : lines) {
            String line = raw;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "user-agent" -> {
                    if (inRules) {
                        for (String agent : agents) {
                            if (agent.equals("*")) {
                                star = star == null ? new ArrayList<>(current) : concat(star, current);
                                starDelay = starDelay == null ? delay : starDelay;
                            } else if (!agent.isEmpty() && token.startsWith(agent)) {
                                specific = specific == null ? new ArrayList<>(current) : concat(specific, current);
                                specificDelay = specificDelay == null ? delay : specificDelay;
                            }
                        }
                        agents.clear();
                        current = new ArrayList<>();
                        delay = null;
                        inRules = false;
                    }
                    agents.add(value.toLowerCase(Locale.ROOT));
                }
                case "allow", "disallow" -> {
                    inRules = true;
                    if (!value.isEmpty()) {
                        current.add(new Rule(key.equals("allow"), value));
                    }
                }
                case "crawl-delay" -> {
                    inRules = true;
                    try {
                        double seconds = Double.parseDouble(value);
                        if (seconds > 0) { // NaN is not
                            delay = seconds >= MAX_CRAWL_DELAY.toSeconds() ? MAX_CRAWL_DELAY
                                    : Duration.ofMillis((long) Math.ceil(seconds * 1000));
                        }
                    } catch (NumberFormatException ignored) {
                        // An unreadable Crawl-delay is ignored, as other crawlers do.
                    }
                }
                default -> {
                    // sitemap and unknown keys do not end a group
                }
            }
        }
        if (specific != null) {
            return new RobotsTxt(List.copyOf(specific), specificDelay);
        }
        if (star != null) {
            return new RobotsTxt(List.copyOf(star), starDelay);
        }
        return ALLOW_ALL;
    }

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        List<Rule> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Whether {@code pathAndQuery} (e.g. {@code /index.php?page=dapi}) may be fetched. */
    public boolean allows(String pathAndQuery) {
        String path = pathAndQuery == null || pathAndQuery.isEmpty() ? "/" : pathAndQuery;
        int bestLength = -1;
        boolean allowed = true;
        for (Rule rule : rules) {
            if (matches(rule.pattern(), path)) {
                int length = rule.pattern().length();
                if (length > bestLength || (length == bestLength && rule.allow())) {
                    bestLength = length;
                    allowed = rule.allow();
                }
            }
        }
        return allowed;
    }

    public Optional<Duration> crawlDelay() {
        return Optional.ofNullable(crawlDelay);
    }

    /** Glob match from the start of the path: {@code *} any run of characters, a final {@code $} anchors the end. */
    static boolean matches(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        // Unanchored, the pattern only has to match a prefix of the path: the same as ending it with '*'.
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern + "*";
        return wildcardMatch(p, path);
    }

    /**
     * Whole-string match with {@code *} wildcards, greedy with one remembered star: on a mismatch only the latest
     * star absorbs one more character. Every step advances the path or a pattern position, so the cost is at most
     * pattern length x path length, never exponential.
     */
    private static boolean wildcardMatch(String p, String s) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int starMatch = 0;
        while (si < s.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                starMatch = si;
            } else if (pi < p.length() && p.charAt(pi) == s.charAt(si)) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++starMatch;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
