package org.inkflow.crawler.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Test settings: the fake boorus on 127.0.0.1 are allowed, retries and timeouts are short, limits small. */
public class CrawlerTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("inkflow.crawler.allowed-hosts", "127.0.0.1,localhost,internal.test"),
                Map.entry("inkflow.crawler.allow-private-hosts", "127.0.0.1"),
                Map.entry("inkflow.crawler.import-roots", System.getProperty("java.io.tmpdir")),
                Map.entry("inkflow.crawler.requests-per-second", "20"),
                Map.entry("inkflow.crawler.max-requests-per-second", "100"),
                Map.entry("inkflow.crawler.retry-base-delay", "20ms"),
                Map.entry("inkflow.crawler.max-retry-delay", "5s"),
                Map.entry("inkflow.crawler.max-retries", "2"),
                Map.entry("inkflow.crawler.read-timeout", "400ms"),
                Map.entry("inkflow.crawler.max-image-bytes", "8192"),
                Map.entry("inkflow.crawler.page-size", "4"),
                Map.entry("inkflow.crawler.danbooru.login", "tester"),
                Map.entry("inkflow.crawler.danbooru.api-key", "secret"),
                Map.entry("inkflow.crawler.danbooru.api-host", "127.0.0.1"));
    }
}
