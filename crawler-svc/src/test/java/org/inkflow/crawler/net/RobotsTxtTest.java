package org.inkflow.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
