package org.inkflow.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.LoopbackOnlyConnector;
import org.inkflow.crawler.fakes.TestHostResolver;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.metrics.CrawlerMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The polite client against a real local HTTP server; the connector refuses everything but loopback. */
@Timeout(30)
class PoliteHttpClientTest {

    static final Set<String> IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    static final byte[] PNG = TestImages.png(1, 40, 24);

    FakeBooruServer server;
    SimpleMeterRegistry registry;
    PoliteHttpClient client;

    @BeforeEach
    void start() {
        server = FakeBooruServer.start();
        registry = new SimpleMeterRegistry();
        client = client(new TestHostResolver(), true);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        assertThat(LoopbackOnlyConnector.violations()).as("connections to non-loopback addresses").isEmpty();
    }

    PoliteHttpClient client(HostResolver resolver, boolean robots) {
        return client(resolver, robots, Duration.ofMillis(300));
    }

    PoliteHttpClient client(HostResolver resolver, boolean robots, Duration readTimeout) {
        HttpSettings settings = new HttpSettings("Inkflow-Crawler/0.1 (test)", Duration.ofSeconds(2), readTimeout,
                Duration.ofSeconds(30), 2, Duration.ofMillis(10), Duration.ofSeconds(3), 3, robots, Duration.ofHours(1), 65536);
        return new PoliteHttpClient(settings,
                new HostAllowList(List.of("127.0.0.1", "localhost", TestHostResolver.PRIVATE_HOST, TestHostResolver.METADATA_HOST,
                        TestHostResolver.PUBLIC_HOST, "10.1.2.3", "169.254.169.254")),
                AddressPolicy.allowing(List.of("127.0.0.0/8")), resolver, new LoopbackOnlyConnector(),
                HostRateLimiter.system(), new Backoff(Duration.ofMillis(10), Duration.ofSeconds(3), new SplittableRandom(3)),
                Sleeper.system(), Clock.systemUTC(), new CrawlerMetrics(registry));
    }

    Fetched image(String path) throws Exception {
        return client.fetch(new FetchRequest(URI.create(server.url(path)), 4096, IMAGES, 200, null));
    }

    ItemException imageFails(String path) {
        try {
            image(path);
        } catch (ItemException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an ItemException, got " + e, e);
        }
        throw new AssertionError("expected " + path + " to fail");
    }

    @Test
    void fetchesAnImageWithTheUserAgentAndRecordsMetrics() throws Exception {
        server.png("/a.png", PNG);
        Fetched fetched = image("/a.png");
        assertThat(fetched.body()).isEqualTo(PNG);
        assertThat(fetched.contentType()).isEqualTo("image/png");
        assertThat(server.hits("/a.png").get(0).headers().get("user-agent")).startsWith("Inkflow-Crawler/0.1");
        assertThat(registry.find("inkflow.crawler.http_requests").tags("host", "127.0.0.1", "status", "200").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.find("inkflow.crawler.downloaded.bytes").counter().count()).isEqualTo(PNG.length);
    }

    @Test
    void a429IsRetriedAfterRetryAfter() throws Exception {
        server.file("/busy.png", (ex, hit) -> {
            if (hit == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                FakeBooruServer.send(ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
            } else {
                FakeBooruServer.send(ex, 200, "image/png", PNG);
            }
        });
        assertThat(image("/busy.png").body()).isEqualTo(PNG);
        List<FakeBooruServer.Hit> hits = server.hits("/busy.png");
        assertThat(hits).hasSize(2);
        assertThat(Duration.ofNanos(hits.get(1).nanoTime() - hits.get(0).nanoTime())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterLongerThanTheCapGivesUpAtOnce() {
        server.file("/later.png", (ex, hit) -> {
            ex.getResponseHeaders().set("Retry-After", "3600");
            FakeBooruServer.send(ex, 503, "text/plain", "maintenance".getBytes(StandardCharsets.UTF_8));
        });
        ItemException e = imageFails("/later.png");
        assertThat(e.reason()).isEqualTo(Reasons.SERVER_ERROR);
        assertThat(e.getMessage()).contains("3600").contains("inkflow.crawler.max-retry-delay");
        assertThat(server.count("/later.png")).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedThenCountedAsFailed() throws Exception {
        server.file("/flaky.png", (ex, hit) -> FakeBooruServer.send(ex, hit < 3 ? 500 : 200, "image/png", PNG));
        server.file("/down.png", (ex, hit) -> FakeBooruServer.send(ex, 502, "text/html", "<h1>bad gateway</h1>".getBytes(StandardCharsets.UTF_8)));
        assertThat(image("/flaky.png").body()).isEqualTo(PNG);
        ItemException down = imageFails("/down.png");
        assertThat(down.outcome()).isEqualTo(ItemException.Outcome.FAILED);
        assertThat(down.reason()).isEqualTo(Reasons.SERVER_ERROR);
        assertThat(down.getMessage()).contains("attempt 3 of 3");
        assertThat(server.count("/down.png")).isEqualTo(3);
    }

    @Test
    void aSilentServerTimesOut() {
        server.file("/slow.png", (ex, hit) -> {
            server.stall(2000);
            FakeBooruServer.send(ex, 200, "image/png", PNG);
        });
        long start = System.nanoTime();
        ItemException e = imageFails("/slow.png");
        assertThat(e.reason()).isEqualTo(Reasons.TIMEOUT);
        assertThat(server.count("/slow.png")).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anInterruptStopsAWaitForHeadersAtOnceInsteadOfAtTheReadTimeout() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        server.file("/held.png", (ex, hit) -> {
            asked.countDown();
            server.stall(20_000);
            FakeBooruServer.send(ex, 200, "image/png", PNG);
        });
        client.close();
        client = client(new TestHostResolver(), false, Duration.ofSeconds(10)); // a blocked read would wait 10 s
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread job = new Thread(() -> {
            try {
                image("/held.png");
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        job.start();
        assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
        long interruptedAt = System.nanoTime();
        job.interrupt();
        Throwable t = ended.get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(InterruptedException.class).hasMessageContaining("held.png");
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(server.count("/held.png")).as("not retried").isEqualTo(1);
    }

    @Test
    void aCutOffBodyIsTruncated() {
        server.file("/cut.png", (ex, hit) -> FakeBooruServer.sendTruncated(ex, "image/png", PNG, PNG.length / 2));
        ItemException e = imageFails("/cut.png");
        assertThat(e.reason()).isEqualTo(Reasons.TRUNCATED);
        assertThat(e.outcome()).isEqualTo(ItemException.Outcome.FAILED);
    }

    @Test
    void wrongContentTypeAndOversizedFilesAreSkippedWithoutReadingThem() {
        server.file("/page.png", (ex, hit) -> FakeBooruServer.send(ex, 200, "text/html; charset=utf-8", "<html/>".getBytes(StandardCharsets.UTF_8)));
        server.png("/big.png", new byte[5000]);
        server.file("/stream.png", (ex, hit) -> FakeBooruServer.sendChunked(ex, "image/png", PNG, 1_000_000));
        assertThat(imageFails("/page.png").reason()).isEqualTo(Reasons.CONTENT_TYPE);
        ItemException big = imageFails("/big.png");
        assertThat(big.reason()).isEqualTo(Reasons.TOO_LARGE);
        assertThat(big.getMessage()).contains("5000 bytes").contains("4096");
        ItemException stream = imageFails("/stream.png");
        assertThat(stream.reason()).isEqualTo(Reasons.TOO_LARGE);
        assertThat(stream.getMessage()).contains("more than 4096");
        assertThat(imageFails("/missing.png").reason()).isEqualTo("http-404");
    }

    @Test
    void redirectsAreFollowedButNeverToPrivateOrUnlistedHosts() throws Exception {
        server.png("/real.png", PNG);
        server.file("/moved.png", (ex, hit) -> redirect(ex, "/real.png"));
        server.file("/to-private.png", (ex, hit) -> redirect(ex, "http://" + TestHostResolver.PRIVATE_HOST + ":" + server.port() + "/real.png"));
        server.file("/to-metadata.png", (ex, hit) -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        server.file("/to-elsewhere.png", (ex, hit) -> redirect(ex, "http://elsewhere.example/x.png"));
        server.file("/loop.png", (ex, hit) -> redirect(ex, "/loop.png"));

        assertThat(image("/moved.png").uri().getPath()).isEqualTo("/real.png");
        ItemException priv = imageFails("/to-private.png");
        assertThat(priv.reason()).isEqualTo(Reasons.BLOCKED_ADDRESS);
        assertThat(priv.getMessage()).contains("10.1.2.3");
        assertThat(imageFails("/to-metadata.png").reason()).isEqualTo(Reasons.BLOCKED_ADDRESS);
        assertThat(imageFails("/to-elsewhere.png").reason()).isEqualTo(Reasons.HOST_NOT_ALLOWED);
        assertThat(imageFails("/loop.png").reason()).isEqualTo(Reasons.TOO_MANY_REDIRECTS);
    }

    @Test
    void privateAddressesAreRefusedWhetherLiteralOrResolved() {
        for (String url : List.of("http://10.1.2.3/a.png", "http://169.254.169.254/latest/meta-data/",
                "http://" + TestHostResolver.PRIVATE_HOST + "/a.png", "http://" + TestHostResolver.METADATA_HOST + "/a.png")) {
            assertThatThrownBy(() -> client.fetch(new FetchRequest(URI.create(url), 4096, IMAGES, 200, null)))
                    .as(url).isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.BLOCKED_ADDRESS));
        }
    }

    @Test
    void aResolverThatChangesItsAnswerAfterTheCheckIsCaughtAtConnectTime() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> List.of(InetAddress.getByAddress(host,
                lookups.incrementAndGet() == 1 ? new byte[] {93, (byte) 184, (byte) 216, 34} : new byte[] {10, 1, 2, 3}));
        try (PoliteHttpClient rebound = client(rebinding, false)) {
            assertThatThrownBy(() -> rebound.fetch(new FetchRequest(URI.create("http://" + TestHostResolver.PUBLIC_HOST + "/x.png"),
                    4096, IMAGES, 200, null)))
                    .isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.BLOCKED_ADDRESS));
        }
        assertThat(lookups.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void robotsTxtIsHonouredAndAnUnreachableOneMeansCrawlNothing() throws Exception {
        server.robots("User-agent: *\nDisallow: /private/\n");
        server.png("/private/a.png", PNG);
        server.png("/public/a.png", PNG);
        assertThat(imageFails("/private/a.png").reason()).isEqualTo(Reasons.ROBOTS);
        assertThat(server.count("/private/a.png")).isZero();
        assertThat(image("/public/a.png").body()).isEqualTo(PNG);
        assertThat(server.count("/robots.txt")).as("robots.txt is cached").isEqualTo(1);

        try (FakeBooruServer broken = FakeBooruServer.start()) {
            broken.file("/robots.txt", (ex, hit) -> FakeBooruServer.send(ex, 500, "text/plain", "oops".getBytes(StandardCharsets.UTF_8)));
            broken.png("/a.png", PNG);
            assertThatThrownBy(() -> client.fetch(new FetchRequest(URI.create(broken.url("/a.png")), 4096, IMAGES, 200, null)))
                    .isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.ROBOTS));
            assertThat(broken.count("/a.png")).isZero();
        }
    }

    @Test
    void credentialsGoToTheFirstHostOnly() throws Exception {
        server.png("/real.png", PNG);
        server.file("/api", (ex, hit) -> redirect(ex, "http://localhost:" + server.port() + "/real.png"));
        client.fetch(new FetchRequest(URI.create(server.url("/api")), 4096, Set.of(), 200, "Basic dXNlcjprZXk="));
        assertThat(server.hits("/api").get(0).headers()).containsEntry("authorization", "Basic dXNlcjprZXk=");
        assertThat(server.hits("/real.png").get(0).headers()).doesNotContainKey("authorization");
    }

    @Test
    void theRateLimitHoldsMeasuredFromRequestTimestamps() throws Exception {
        server.png("/r.png", PNG);
        for (int i = 0; i < 6; i++) {
            client.fetch(new FetchRequest(URI.create(server.url("/r.png")), 4096, IMAGES, 20, null));
        }
        List<FakeBooruServer.Hit> hits = server.hits("/r.png");
        for (int i = 1; i < hits.size(); i++) {
            assertThat(Duration.ofNanos(hits.get(i).nanoTime() - hits.get(i - 1).nanoTime()))
                    .as("gap before request %d at 20 requests/s", i).isGreaterThanOrEqualTo(Duration.ofMillis(45));
        }
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws java.io.IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
    }
}
