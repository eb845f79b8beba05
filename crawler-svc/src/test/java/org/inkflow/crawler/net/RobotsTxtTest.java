package org.inkflow.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RobotsTxtTest {

    private static final String ROBOTS = """
            # a comment
            User-agent: *
            Disallow: /private/
            Allow: /private/ok.png
            Crawl-delay: 2

            User-agent: badbot
            User-agent: inkflow-crawler
            Disallow: /index.php?page=post
            Disallow: /*.gif$
            Allow: /index.php?page=dapi
            Sitemap: https://example/sitemap.xml
            """;

    @Test
    void ourGroupWinsOverTheStarGroup() {
        RobotsTxt robots = RobotsTxt.parse(ROBOTS, "inkflow-crawler");
        assertThat(robots.allows("/private/x.png")).isTrue(); // the * group does not apply to us
        assertThat(robots.allows("/index.php?page=post&s=view&id=1")).isFalse();
        assertThat(robots.allows("/index.php?page=dapi&s=post")).isTrue();
        assertThat(robots.allows("/images/1/a.gif")).isFalse();
        assertThat(robots.allows("/images/1/a.gif?x=1")).isTrue(); // $ anchors the end
        assertThat(robots.crawlDelay()).isEmpty();
    }

    @Test
    void otherAgentsUseTheStarGroupWithLongestMatchAndCrawlDelay() {
        RobotsTxt robots = RobotsTxt.parse(ROBOTS, "somebot");
        assertThat(robots.allows("/private/a.png")).isFalse();
        assertThat(robots.allows("/private/ok.png")).isTrue(); // longer Allow wins
        assertThat(robots.allows("/")).isTrue();
        assertThat(robots.crawlDelay()).contains(Duration.ofSeconds(2));
    }

    @Test
    void productTokenPrefixMatchesAndCaseIsIgnored() {
        RobotsTxt robots = RobotsTxt.parse("USER-AGENT: Inkflow\nDISALLOW: /\n", "inkflow-crawler");
        assertThat(robots.allows("/a")).isFalse();
    }

    @Test
    void emptyDisallowAndNoMatchingGroupAllowEverything() {
        assertThat(RobotsTxt.parse("User-agent: *\nDisallow:\n", "x").allows("/anything")).isTrue();
        assertThat(RobotsTxt.parse("User-agent: other\nDisallow: /\n", "x").allows("/anything")).isTrue();
        assertThat(RobotsTxt.parse("garbage without colons", "x").allows("/")).isTrue();
        assertThat(RobotsTxt.disallowAll().allows("/robots-free")).isFalse();
    }

    @Test
    void wildcardsInTheMiddle() {
        assertThat(RobotsTxt.matches("/a/*/c", "/a/b/x/c/d")).isTrue();
        assertThat(RobotsTxt.matches("/a/*/c$", "/a/b/c/d")).isFalse();
        assertThat(RobotsTxt.matches("/*?tag=", "/list?tag=cat")).isTrue();
    }

    @Test
    void wildcardEdgeCases() {
        assertThat(RobotsTxt.matches("*", "")).isTrue();
        assertThat(RobotsTxt.matches("/", "/anything")).isTrue();
        assertThat(RobotsTxt.matches("$", "")).isTrue();
        assertThat(RobotsTxt.matches("/$", "/a")).isFalse();
        assertThat(RobotsTxt.matches("/**b$", "/aab")).isTrue();
        assertThat(RobotsTxt.matches("/a*b*c$", "/aXbYc")).isTrue();
        assertThat(RobotsTxt.matches("/a*b*c$", "/aXbYcZ")).isFalse();
        assertThat(RobotsTxt.matches("/a*b*c", "/aXbYcZ")).isTrue();
        assertThat(RobotsTxt.matches("/x*", "/y")).isFalse();
    }

    /** Issue 17: a hostile robots.txt pattern used to take exponential time in the recursive matcher. */
    @Test
    @Timeout(60) // a hang guard, not a speed target: the old recursion needed more steps than atoms in the universe
    void manyStarsAgainstALongPathAnswerAtOnce() {
        String pattern = "/" + "a*".repeat(40) + "b$";
        String path = "/" + "a".repeat(5000);
        assertThat(RobotsTxt.matches(pattern, path)).isFalse();
        RobotsTxt rules = RobotsTxt.parse("User-agent: *\nDisallow: " + pattern + "\n", "inkflow-crawler");
        assertThat(rules.allows(path)).isTrue();
        assertThat(rules.allows(path + "b")).isFalse();
    }

    @Test
    void crawlDelayIsCappedAndNeverOverflows() {
        for (String huge : new String[] {"86400", "1e300", "Infinity", "9223372036854775807"}) {
            RobotsTxt rules = RobotsTxt.parse("User-agent: *\nCrawl-delay: " + huge + "\n", "inkflow-crawler");
            assertThat(rules.crawlDelay()).as(huge).contains(RobotsTxt.MAX_CRAWL_DELAY);
            assertThat(1e9 / rules.crawlDelay().orElseThrow().toNanos()).as(huge).isPositive();
        }
        for (String ignored : new String[] {"NaN", "-5", "0", "soon"}) {
            assertThat(RobotsTxt.parse("User-agent: *\nCrawl-delay: " + ignored + "\n", "x").crawlDelay())
                    .as(ignored).isEmpty();
        }
        assertThat(RobotsTxt.parse("User-agent: *\nCrawl-delay: 0.0001\n", "x").crawlDelay())
                .contains(Duration.ofMillis(1));
    }
}
