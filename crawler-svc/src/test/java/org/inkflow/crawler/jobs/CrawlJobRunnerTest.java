package org.inkflow.crawler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.RawImageMetadata;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.image.SafeImageDecoder;
import org.inkflow.common.messaging.RetryPolicy;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.InMemoryObjectStore;
import org.inkflow.crawler.fakes.LoopbackOnlyConnector;
import org.inkflow.crawler.fakes.OpenMojiTarball;
import org.inkflow.crawler.fakes.TestHostResolver;
import org.inkflow.crawler.fakes.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The crawl loop end to end against a local fake booru, with an in-memory bucket and recorded events. */
@Timeout(60)
class CrawlJobRunnerTest {

    FakeBooruServer server;
    InMemoryObjectStore store;
    CrawlHarness harness;

    @BeforeEach
    void start() {
        server = FakeBooruServer.start();
        store = new InMemoryObjectStore();
        harness = new CrawlHarness(store, 4);
    }

    @AfterEach
    void stop() {
        harness.close();
        server.close();
        assertThat(LoopbackOnlyConnector.violations()).isEmpty();
    }

    @Test
    void threePagesAreStoredOnceWithMetadataAndOneEventEach() throws Exception {
        server.safebooru(BooruFixtures.safebooru(server, 100, 10, "cat solo"));
        CrawlJobStatus first = harness.run("safebooru", server.base().toString(), List.of("cat"), null, 100);

        assertThat(first.state()).isEqualTo(JobState.COMPLETED);
        assertThat(first.counts().stored()).isEqualTo(10);
        assertThat(first.counts().fetched()).isEqualTo(10);
        assertThat(first.counts().listed()).isEqualTo(10);
        assertThat(first.progress()).isEqualTo(1.0);
        assertThat(server.hits("/index.php")).as("4 + 4 + 2, then the empty page that ends the listing").hasSize(4);
        List<String> images = store.keys("raw/safebooru/cat/").stream().filter(k -> k.endsWith(".png") && !k.contains("line-art")).toList();
        assertThat(images).hasSize(10);
        assertThat(harness.events).hasSize(10);
        RawImageStored event = harness.events.get(0);
        assertThat(event.objectKey()).startsWith("raw/safebooru/cat/").endsWith(event.sha256() + ".png");
        assertThat(event.metadataKey()).isEqualTo("raw/safebooru/cat/" + event.sha256() + ".json");
        assertThat(event.tags()).containsExactly("cat", "solo");
        assertThat(event.width()).isEqualTo(40);
        assertThat(event.height()).isEqualTo(24);
        assertThat(event.rating()).isEqualTo("g");
        assertThat(event.groupKey()).isEqualTo("safebooru:100");
        assertThat(event.sourceUrl()).isEqualTo(server.url("/images/1/img100.png"));
        JsonNode meta = EventJson.MAPPER.readTree(store.get(event.metadataKey()));
        assertThat(meta.path("postId").asText()).isEqualTo("100");
        assertThat(meta.path("license").asText()).startsWith("unknown");
        assertThat(meta.path("postUrl").asText()).contains("page=post&s=view&id=100");
        assertThat(store.exists("crawl-jobs/" + first.id() + "/status.json")).isTrue();

        int downloads = imageDownloads();
        CrawlJobStatus second = harness.run("safebooru", server.base().toString(), List.of("cat"), null, 100);
        assertThat(second.counts().stored()).isZero();
        assertThat(second.counts().duplicates()).isEqualTo(10);
        assertThat(harness.events).as("no second announcement").hasSize(10);
        assertThat(imageDownloads()).as("known md5s are not downloaded again").isEqualTo(downloads);

        // the same images found under another tag are still one image each
        CrawlJobStatus third = harness.run("safebooru", server.base().toString(), List.of("solo"), null, 100);
        assertThat(third.counts().duplicates()).isEqualTo(10);
        assertThat(store.keys("raw/safebooru/solo/")).isEmpty();
        assertThat(harness.counter("inkflow.crawler.duplicate.images", "source", "safebooru")).isEqualTo(20);
        assertThat(harness.counter("inkflow.crawler.stored.images", "source", "safebooru")).isEqualTo(10);
    }

    @Test
    void aMirrorThatCapsItsPageSizeIsStillCrawledToTheEnd() {
        server.safebooru(BooruFixtures.safebooru(server, 200, 25, "cat")).pageCap(10);
        try (CrawlHarness twenty = new CrawlHarness(store, 20, null)) {
            CrawlJobStatus status = twenty.run("safebooru", server.base().toString(), List.of("cat"), null, 100);
            assertThat(status.state()).isEqualTo(JobState.COMPLETED);
            assertThat(status.counts().stored()).as("10 + 10 + 5 though 20 were asked for").isEqualTo(25);
            assertThat(server.hits("/index.php")).hasSize(4);
        }
    }

    @Test
    void aMirrorThatIgnoresPagingEndsAfterTheRepeatedPage() {
        server.safebooru(BooruFixtures.safebooru(server, 300, 9, "cat")).ignorePaging();
        CrawlJobStatus status = harness.run("safebooru", server.base().toString(), List.of("cat"), null, 100);
        assertThat(status.state()).isEqualTo(JobState.COMPLETED);
        assertThat(status.counts().stored()).isEqualTo(4);
        assertThat(server.hits("/index.php")).as("page 0, then page 1 repeating it").hasSize(2);
    }

    @Test
    void everyBadItemEndsAsItsCountedOutcomeAndTheJobCompletes() {
        byte[] ok = TestImages.png(7, 40, 24);
        List<Map<String, Object>> posts = new ArrayList<>();
        String[][] files = {
                {"ok.png"}, {"busy.png"}, {"flaky.png"}, {"down.png"}, {"slow.png"}, {"cut.png"}, {"html.png"},
                {"page.png"}, {"big.png"}, {"missing.png"}, {"to-private.png"}, {"private/secret.png"}};
        for (int i = 0; i < files.length; i++) {
            posts.add(FakeBooruServer.safebooruPost(i + 1, files[i][0], null, "zoo", "general",
                    Map.of("file_url", server.url("/files/" + files[i][0]))));
        }
        posts.add(FakeBooruServer.safebooruPost(99, "x.png", null, "zoo", "general", Map.of("directory", "")));
        posts.get(posts.size() - 1).remove("directory");
        posts.add(FakeBooruServer.safebooruPost(98, "r.png", null, "zoo", "explicit", Map.of("file_url", server.url("/files/ok.png"))));
        server.safebooru(posts).robots("User-agent: *\nDisallow: /files/private/\n");
        server.png("/files/ok.png", ok);
        server.file("/files/busy.png", (ex, hit) -> {
            if (hit == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                FakeBooruServer.send(ex, 429, "text/plain", new byte[] {'x'});
            } else {
                FakeBooruServer.send(ex, 200, "image/png", TestImages.png(8, 40, 24));
            }
        });
        server.file("/files/flaky.png", (ex, hit) -> FakeBooruServer.send(ex, hit < 3 ? 500 : 200, "image/png", TestImages.png(9, 40, 24)));
        server.file("/files/down.png", (ex, hit) -> FakeBooruServer.send(ex, 500, "text/plain", new byte[] {'x'}));
        server.file("/files/slow.png", (ex, hit) -> {
            server.stall(2000);
            FakeBooruServer.send(ex, 200, "image/png", ok);
        });
        server.file("/files/cut.png", (ex, hit) -> FakeBooruServer.sendTruncated(ex, "image/png", TestImages.png(10, 40, 24), 30));
        server.file("/files/html.png", (ex, hit) -> FakeBooruServer.send(ex, 200, "image/png", BooruFixtures.html()));
        server.file("/files/page.png", (ex, hit) -> FakeBooruServer.send(ex, 200, "text/html", BooruFixtures.html()));
        server.png("/files/big.png", new byte[(int) CrawlHarness.MAX_IMAGE_BYTES + 1]);
        server.file("/files/to-private.png", (ex, hit) -> {
            ex.getResponseHeaders().set("Location", "http://" + TestHostResolver.PRIVATE_HOST + ":" + server.port() + "/files/ok.png");
            ex.sendResponseHeaders(302, -1);
        });

        CrawlJobStatus status = harness.run("safebooru", server.base().toString(), List.of("zoo"), "g", 100);

        assertThat(status.state()).isEqualTo(JobState.COMPLETED);
        CrawlCounts c = status.counts();
        assertThat(c.listed()).isEqualTo(14);
        assertThat(c.stored()).isEqualTo(3); // ok, busy (after Retry-After), flaky (after two 500s)
        assertThat(c.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "not-an-image", 1L, "content-type", 1L, "too-large", 1L, "http-404", 1L, "blocked-address", 1L,
                "robots", 1L, "no-file-url", 1L, "rating", 1L));
        assertThat(c.failures()).containsExactlyInAnyOrderEntriesOf(Map.of("server-error", 1L, "timeout", 1L, "truncated", 1L));
        assertThat(c.failed()).isEqualTo(3);
        assertThat(server.count("/files/private/secret.png")).isZero();
        assertThat(harness.counter("inkflow.crawler.skipped.images", "reason", "blocked-address")).isEqualTo(1);
        assertThat(harness.counter("inkflow.crawler.failed.images", "reason", "timeout")).isEqualTo(1);
    }

    @Test
    void danbooruLogsInSkipsPostsWithoutFilesAndHonoursMaxImages() {
        List<Map<String, Object>> posts = new ArrayList<>();
        for (int id = 1; id <= 6; id++) {
            server.png("/data/" + id + ".png", TestImages.png(200 + id, 40, 24));
            posts.add(FakeBooruServer.danbooruPost(id, server.url("/data/" + id + ".png"), "png", "dog 1girl", "g"));
        }
        posts.add(1, FakeBooruServer.danbooruPost(50, null, "png", "dog", "g"));
        posts.add(2, FakeBooruServer.danbooruPost(51, server.url("/data/51.zip"), "zip", "dog", "g"));
        server.danbooru(posts).requireDanbooruLogin("tester", "secret");

        CrawlJobStatus status = harness.run("danbooru", server.base().toString(), List.of("dog"), null, 4);

        assertThat(status.state()).isEqualTo(JobState.COMPLETED);
        assertThat(status.counts().stored()).isEqualTo(4);
        assertThat(status.counts().skipped()).containsEntry("no-file-url", 1L).containsEntry("unsupported-type", 1L);
        assertThat(server.hits("/posts.json").get(0).pathAndQuery()).contains("page=1").contains("limit=4").contains("tags=dog");
        assertThat(server.count("/data/5.png")).as("stops at maxImages").isZero();
        assertThat(store.keys("raw/danbooru/dog/")).isNotEmpty();
    }

    @Test
    void aWebpIsKeptAsWebpWithTheSizeFromItsHeader() throws Exception {
        // 48x32, cwebp -q 90 (the same file as common's UserImageFormatsTest fixture); the post claims 40x24.
        byte[] webp;
        try (var in = getClass().getResourceAsStream("/images/quadrants-lossy.webp")) {
            webp = in.readAllBytes();
        }
        server.file("/data/7.webp", (ex, hit) -> FakeBooruServer.send(ex, 200, "image/webp", webp));
        server.danbooru(List.of(FakeBooruServer.danbooruPost(7, server.url("/data/7.webp"), "webp", "dog", "g")));

        CrawlJobStatus status = harness.run("danbooru", server.base().toString(), List.of("dog"), null, 1);

        assertThat(status.counts().stored()).isEqualTo(1);
        RawImageStored event = harness.events.get(0);
        assertThat(event.contentType()).isEqualTo("image/webp");
        assertThat(event.objectKey()).endsWith(event.sha256() + ".webp");
        assertThat(event.width()).isEqualTo(48);
        assertThat(event.height()).isEqualTo(32);
        // What the cleaner will do with it: the same decoder, the same list of formats.
        int red = new SafeImageDecoder(1 << 20).decode(store.get(event.objectKey())).getRGB(12, 8); // 220,40,40
        assertThat((red >> 16) & 0xff).isBetween(212, 228);
        assertThat((red >> 8) & 0xff).isBetween(32, 48);
    }

    @Test
    void aListingThatCannotBeReadFailsTheJobWithTheReason() {
        server.file("/posts.json", (ex, hit) -> FakeBooruServer.send(ex, 200, "text/html", BooruFixtures.html()));
        CrawlJobStatus status = harness.run("danbooru", server.base().toString(), List.of(), null, 10);
        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.error()).contains("is not JSON");
    }

    @Test
    void anEventTheBrokerRefusedIsAnnouncedWhenTheImageIsSeenAgain() {
        server.safebooru(BooruFixtures.safebooru(server, 300, 2, "fox"));
        harness.brokerDown = true;
        CrawlJobStatus down = harness.run("safebooru", server.base().toString(), List.of("fox"), null, 100);
        assertThat(down.counts().failures()).containsEntry("storage", 2L);
        assertThat(store.keys("raw/index/sha256/")).isEmpty();

        harness.brokerDown = false;
        CrawlJobStatus again = harness.run("safebooru", server.base().toString(), List.of("fox"), null, 100);
        assertThat(again.counts().stored()).as("stored but never announced counts as new").isEqualTo(2);
        assertThat(harness.events).hasSize(2);
        assertThat(store.keys("raw/index/sha256/")).hasSize(2);
    }

    @Test
    void anUnreachableBucketFailsTheJobInsteadOfSkippingEverything() {
        server.safebooru(BooruFixtures.safebooru(server, 400, 8, "owl"));
        String id = harness.service.submit(harness.service.prepare(null, "safebooru", server.base().toString(),
                List.of("owl"), null, 100, 200.0, 32, null)).id();
        store.failing(true);
        CrawlJobStatus status = harness.awaitEnd(id);
        store.failing(false);
        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.error()).contains("in a row could not be stored");
    }

    @Test
    void aStorageOutageDelaysTheJobButFailsNoImage() {
        server.safebooru(BooruFixtures.safebooru(server, 600, 8, "elk"));
        // The outage is counted in calls, the retries in time: 25 failing calls waited out 10-50 ms apart took about
        // the harness's whole second (and more on a loaded machine, failing an image), so this job may wait 30 s.
        RetryPolicy outlastsTheOutage = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(30), 0.5);
        try (CrawlHarness patient = new CrawlHarness(store, 4, null, outlastsTheOutage)) {
            String id = patient.service.submit(patient.service.prepare(null, "safebooru", server.base().toString(),
                    List.of("elk"), null, 100, 200.0, 32, null)).id();
            store.outage(25); // S3 refuses connections for 25 calls (dedup checks, puts and status saves alike)
            CrawlJobStatus status = patient.awaitEnd(id);
            assertThat(status.state()).isEqualTo(JobState.COMPLETED);
            assertThat(status.counts().stored()).isEqualTo(8);
            assertThat(status.counts().failed()).isZero();
            assertThat(status.counts().failures()).isEmpty();
            assertThat(patient.events).hasSize(8);
            assertThat(patient.saved(status.id()).state()).as("the end reached the bucket").isEqualTo(JobState.COMPLETED);
        }
    }

    @Test
    void anOutageRightAfterTheEventDoesNotAnnounceTheImageTwice() {
        server.safebooru(BooruFixtures.safebooru(server, 650, 4, "emu"));
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        harness.afterPublish = () -> {
            if (once.compareAndSet(false, true)) {
                store.outage(3); // the index write that follows the first event fails, and a retry of it too
            }
        };
        CrawlJobStatus status = harness.run("safebooru", server.base().toString(), List.of("emu"), null, 100);
        assertThat(status.state()).isEqualTo(JobState.COMPLETED);
        assertThat(status.counts().stored()).isEqualTo(4);
        assertThat(harness.events).as("each image announced once").hasSize(4)
                .extracting(RawImageStored::sha256).doesNotHaveDuplicates();
        assertThat(store.keys("raw/index/sha256/")).hasSize(4);
    }

    @Test
    void aStopThatAStorageClientSwallowedIsAStopNotAFailure() throws Exception {
        // A partition revoked mid-store: S3's and Kafka's clients catch the interrupt and throw their own exception
        // with the thread's flag cleared (ScaleOutIT saw "put raw/index/... failed: ... InterruptedException" end a
        // handed-over crawl FAILED). The job must stay RUNNING with its cursor for the next owner.
        server.safebooru(BooruFixtures.safebooru(server, 660, 6, "ibis"));
        java.util.concurrent.atomic.AtomicReference<JobRun> run = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<CrawlJobService> service = new java.util.concurrent.atomic.AtomicReference<>();
        JobRequests capturing = new JobRequests() {
            @Override
            public void run(org.inkflow.crawler.crawl.CrawlSpec spec) {
                run.set(service.get().start(spec.jobId(), () -> spec).orElseThrow());
            }

            @Override
            public void cancel(String jobId) {
                service.get().cancelHere(jobId);
            }
        };
        try (CrawlHarness revoked = new CrawlHarness(store, 4, capturing)) {
            service.set(revoked.service);
            java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
            revoked.afterPublish = () -> {
                if (once.compareAndSet(false, true)) {
                    JobRun current = run.get();
                    new Thread(() -> current.stop(Duration.ofSeconds(20))).start();
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                            .until(() -> current.job().stopRequested);
                    Thread.interrupted(); // the client caught the interrupt
                    throw new RuntimeException("put raw/index/sha256/... failed",
                            new RuntimeException(new InterruptedException()));
                }
            };
            String id = revoked.service.submit(revoked.service.prepare(null, "safebooru", server.base().toString(),
                    List.of("ibis"), null, 100, 200.0, 32, null)).id();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> run.get() != null);
            JobRun.End end = run.get().done().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(end).isEqualTo(JobRun.End.STOPPED);
            CrawlJobStatus saved = revoked.saved(id);
            assertThat(saved.state()).as("left for the next owner").isEqualTo(JobState.RUNNING);
            assertThat(saved.error()).isNull();
            assertThat(saved.counts().failed()).as("the interrupted image is not a failed one").isZero();
            assertThat(saved.counts().stored()).as("the cursor stays before the interrupted image").isZero();
        }
    }

    @Test
    void aBrokerOutageDelaysTheJobButFailsNoImage() {
        server.safebooru(BooruFixtures.safebooru(server, 700, 3, "yak"));
        harness.brokerDown = true;
        String id = harness.service.submit(harness.service.prepare(null, "safebooru", server.base().toString(),
                List.of("yak"), null, 100, 200.0, 32, null)).id();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> harness.refusedPublishes.get() >= 3); // the first image's event, retried in place
        assertThat(harness.waiting.snapshot()).as("the job is listed as waiting on storage while it retries")
                .hasSize(1).hasEntrySatisfying("crawl-job/" + id + " storing post 700",
                        w -> assertThat(w.lastFailure()).isEqualTo("broker down (test)"));
        harness.brokerDown = false;
        CrawlJobStatus status = harness.awaitEnd(id);
        assertThat(harness.waiting.count()).as("no longer waiting").isZero();
        assertThat(status.state()).isEqualTo(JobState.COMPLETED);
        assertThat(status.counts().stored()).isEqualTo(3);
        assertThat(status.counts().failed()).isZero();
        assertThat(harness.events).hasSize(3);
    }

    @Test
    void openMojiPairsAreStoredWithTheirLineArt(@TempDir java.nio.file.Path dir) throws Exception {
        var tgz = OpenMojiTarball.standard().writeTo(dir.resolve("openmoji-17.0.0.tgz"));
        CrawlJobStatus status = harness.run("openmoji", tgz.toString(), List.of(), null, 100);
        assertThat(status.state()).isEqualTo(JobState.COMPLETED);
        assertThat(status.counts().stored()).isEqualTo(4);
        assertThat(status.counts().skipped()).containsExactlyEntriesOf(Map.of("missing-line-art", 1L));
        RawImageStored wave = harness.events.stream().filter(e -> e.groupKey().equals("1F44B")
                && e.objectKey().startsWith("raw/openmoji/people-body/")).findFirst().orElseThrow();
        assertThat(wave.lineArtKey()).startsWith("raw/openmoji/people-body/line-art/").endsWith(".png");
        assertThat(store.exists(wave.lineArtKey())).isTrue();
        assertThat(wave.license()).isEqualTo("CC BY-SA 4.0 (OpenMoji, https://openmoji.org)");
        assertThat(wave.width()).isEqualTo(32);
        assertThat(harness.events).extracting(RawImageStored::groupKey).containsExactlyInAnyOrder("1F600", "1F44B", "1F44B", "1F431");
        // Read back through common's record: the stored document is what the one reader accepts.
        assertThat(RawImageMetadata.read(store.get(wave.metadataKey())).lineArtKey()).isEqualTo(wave.lineArtKey());
    }

    @Test
    void aCancelledJobStopsAndSaysSo() {
        server.safebooru(BooruFixtures.safebooru(server, 500, 4, "bat"));
        server.file("/images/1/img500.png", (ex, hit) -> {
            server.stall(5000);
            FakeBooruServer.send(ex, 200, "image/png", TestImages.png(500, 40, 24));
        });
        String id = harness.service.submit(harness.service.prepare(null, "safebooru", server.base().toString(),
                List.of("bat"), null, 100, 200.0, 32, null)).id();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> server.count("/images/1/img500.png") > 0);
        assertThat(harness.service.cancel(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        CrawlJobStatus status = harness.awaitEnd(id);
        assertThat(status.state()).isEqualTo(JobState.CANCELLED);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(org.inkflow.common.artifacts.CrawlJobStatus.read(store.get("crawl-jobs/" + id + "/status.json"))
                        .state()).isEqualTo("CANCELLED"));
        assertThat(server.count("/images/1/img503.png")).isZero();
    }

    private int imageDownloads() {
        return (int) server.hits().stream().filter(h -> h.path().startsWith("/images/")).count();
    }
}
