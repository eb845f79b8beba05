package org.inkflow.crawler.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.metrics.CrawlerMetrics;

/**
 * The crawler's only way onto the network. Every request is checked against the host allow-list and the address
 * policy (again on every redirect, and again at connect time, inside the resolver the HTTP client uses, so a DNS
 * answer that changes between check and connect cannot slip through), waits for its host's rate limit, honours
 * robots.txt, retries 429/5xx/timeouts/broken bodies with jittered exponential backoff (Retry-After as a floor), and
 * stops reading at the size limit. Failures come back as {@link ItemException}s with a counted reason.
 */
public final class PoliteHttpClient implements AutoCloseable {

    private static final String OCTET_STREAM = "application/octet-stream";

    private final HttpSettings settings;
    private final HostAllowList allowList;
    private final AddressPolicy addressPolicy;
    private final HostResolver resolver;
    private final HostRateLimiter rateLimiter;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final CrawlerMetrics metrics;
    private final OkHttpClient client;
    private final Map<String, CachedRobots> robots = new ConcurrentHashMap<>();

    private record CachedRobots(RobotsTxt robots, Instant fetchedAt) {
    }

    private record Redirect(URI location) {
    }

    public PoliteHttpClient(HttpSettings settings, HostAllowList allowList, AddressPolicy addressPolicy,
                            HostResolver resolver, Connector connector, HostRateLimiter rateLimiter, Backoff backoff,
                            Sleeper sleeper, Clock clock, CrawlerMetrics metrics) {
        this.settings = settings;
        this.allowList = allowList;
        this.addressPolicy = addressPolicy;
        this.resolver = resolver;
        this.rateLimiter = rateLimiter;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.clock = clock;
        this.metrics = metrics;
        this.client = new OkHttpClient.Builder()
                // The policy is applied to what the client itself resolves, right before it connects.
                .dns(host -> addressPolicy.checkAll(host, resolver.resolve(host)))
                .socketFactory(new ConnectorSocketFactory(connector))
                // A proxy would resolve names out of our sight.
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .dispatcher(dispatcher())
                .build();
    }

    /**
     * Calls run on the dispatcher only so that waiting for them is interruptible ({@link #execute}); politeness is
     * {@link HostRateLimiter}'s, so the dispatcher's own per-host queueing (5 by default) is lifted.
     */
    private static Dispatcher dispatcher() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        return dispatcher;
    }

    public HttpSettings settings() {
        return settings;
    }

    /** Downloads {@code request}, following redirects; throws with a counted reason when it cannot. */
    public Fetched fetch(FetchRequest request) throws ItemException, InterruptedException {
        return fetch(request, settings.robotsEnabled());
    }

    /**
     * Whether {@code uri} may be requested at all (scheme, allow-list, address policy); throws the skip reason when
     * not. Jobs call it on their base URL before they start.
     */
    public void checkTarget(URI uri) throws ItemException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ItemException.skipped(Reasons.UNSUPPORTED_SCHEME, "refusing " + uri + ": only http and https URLs are fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw ItemException.skipped(Reasons.HOST_NOT_ALLOWED, "refusing " + uri + ": it names no host");
        }
        if (!allowList.allows(host)) {
            throw ItemException.skipped(Reasons.HOST_NOT_ALLOWED, "refusing " + uri + ": host " + host
                    + " is not in inkflow.crawler.allowed-hosts (" + allowList + ")");
        }
        try {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            List<InetAddress> addresses = IpRange.looksLikeIpLiteral(bare)
                    ? List.of(InetAddress.getByName(bare)) // a literal: parsed, no lookup
                    : resolver.resolve(host);
            addressPolicy.checkAll(host, addresses);
        } catch (BlockedAddressException e) {
            metrics.request(host, "blocked", Duration.ZERO);
            throw ItemException.skipped(Reasons.BLOCKED_ADDRESS, "refusing " + uri + ": " + e.getMessage());
        } catch (UnknownHostException e) {
            throw ItemException.failed(Reasons.UNKNOWN_HOST, "cannot resolve " + host + " (" + e.getMessage() + ")", e);
        }
    }

    private Fetched fetch(FetchRequest request, boolean checkRobots) throws ItemException, InterruptedException {
        URI uri = request.uri();
        String authorizedHost = uri.getHost();
        for (int hop = 0; ; hop++) {
            checkTarget(uri);
            double rate = request.requestsPerSecond();
            if (checkRobots) {
                RobotsTxt rules = robotsFor(uri, rate);
                if (!rules.allows(pathAndQuery(uri))) {
                    throw ItemException.skipped(Reasons.ROBOTS, uri + " is disallowed by " + origin(uri) + "/robots.txt");
                }
                Duration delay = rules.crawlDelay().orElse(null);
                if (delay != null && !delay.isZero()) {
                    rate = Math.min(rate, 1e9 / delay.toNanos());
                }
            }
            String auth = uri.getHost().equalsIgnoreCase(authorizedHost) ? request.authorization() : null;
            Object answer = exchange(uri, request, rate, auth);
            if (answer instanceof Fetched fetched) {
                return fetched;
            }
            URI next = ((Redirect) answer).location();
            if (hop >= settings.maxRedirects()) {
                throw ItemException.failed(Reasons.TOO_MANY_REDIRECTS, request.uri() + " redirected more than "
                        + settings.maxRedirects() + " times (inkflow.crawler.max-redirects)", null);
            }
            uri = next;
        }
    }

    /** One URL, with retries: a {@link Fetched} or a {@link Redirect}. */
    private Object exchange(URI uri, FetchRequest request, double rate, String authorization)
            throws ItemException, InterruptedException {
        String host = uri.getHost();
        for (int attempt = 0; ; attempt++) {
            rateLimiter.acquire(origin(uri), rate);
            Request.Builder builder = new Request.Builder()
                    .url(uri.toString())
                    .header("User-Agent", settings.userAgent())
                    .header("Accept", request.acceptedContentTypes().isEmpty() ? "*/*"
                            : String.join(", ", request.acceptedContentTypes().stream().sorted().toList()));
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            long start = System.nanoTime();
            String status = "io_error";
            ItemException retriable;
            Duration retryAfter = null;
            boolean readingBody = false;
            try (Response response = execute(client.newCall(builder.build()))) {
                int code = response.code();
                status = Integer.toString(code);
                if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                    String location = response.header("Location");
                    if (location == null || location.isBlank()) {
                        throw ItemException.skipped(Reasons.http(code), uri + " answered " + code + " without a Location");
                    }
                    return new Redirect(resolve(uri, location));
                }
                if (code == 429 || code >= 500) {
                    retryAfter = Backoff.parseRetryAfter(response.header("Retry-After"), clock.instant()).orElse(null);
                    String reason = code == 429 ? Reasons.RATE_LIMITED : Reasons.SERVER_ERROR;
                    retriable = ItemException.failed(reason, uri + " answered " + code + " " + attempts(attempt), null);
                    if (retryAfter != null && retryAfter.compareTo(backoff.max()) > 0) {
                        throw ItemException.failed(reason, uri + " answered " + code + " asking to wait " + retryAfter.toSeconds()
                                + " s, longer than inkflow.crawler.max-retry-delay (" + backoff.max().toSeconds() + " s)", null);
                    }
                } else if (code < 200 || code >= 300) {
                    throw ItemException.skipped(Reasons.http(code), uri + " answered " + code);
                } else {
                    readingBody = true;
                    return new Fetched(uri, code, mediaType(response), body(uri, response.body(), request));
                }
            } catch (BlockedAddressException e) {
                status = "blocked";
                throw ItemException.skipped(Reasons.BLOCKED_ADDRESS, "refusing " + uri + ": " + e.getMessage());
            } catch (UnknownHostException e) {
                throw ItemException.failed(Reasons.UNKNOWN_HOST, "cannot resolve " + host + " (" + e.getMessage() + ")", e);
            } catch (SocketTimeoutException e) {
                status = "timeout";
                retriable = ItemException.failed(Reasons.TIMEOUT, uri + " timed out " + attempts(attempt), e);
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while fetching " + uri);
                }
                status = "timeout";
                retriable = ItemException.failed(Reasons.TIMEOUT, uri + " took longer than inkflow.crawler.call-timeout "
                        + attempts(attempt), e);
            } catch (ProtocolException | EOFException e) {
                retriable = readingBody
                        ? ItemException.failed(Reasons.TRUNCATED, uri + " body ended early (" + e.getMessage() + ") " + attempts(attempt), e)
                        : ItemException.failed(Reasons.IO_ERROR, uri + ": " + e.getMessage() + " " + attempts(attempt), e);
            } catch (IOException e) {
                retriable = ItemException.failed(Reasons.IO_ERROR, uri + ": " + e + " " + attempts(attempt), e);
            } finally {
                rateLimiter.completed(origin(uri), rate);
                metrics.request(host, status, Duration.ofNanos(System.nanoTime() - start));
            }
            if (attempt >= settings.maxRetries()) {
                throw retriable;
            }
            Duration delay = backoff.delay(attempt);
            if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
                delay = retryAfter;
            }
            sleeper.sleep(delay);
        }
    }

    /**
     * Sends {@code call} on the client's dispatcher and waits for its response headers. The wait is interruptible:
     * a job stopping (cancelled, or its partition revoked by a rolling update) cancels the call, which closes its
     * socket, instead of waiting out {@code inkflow.crawler.read-timeout} in a blocked read (OkHttp's
     * {@code execute()} does not see interrupts). A body that stalls once its headers came is still bounded by
     * the read timeout.
     */
    private static Response execute(Call call) throws IOException, InterruptedException {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                answer.complete(response);
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            call.cancel();
            answer.thenAccept(Response::close); // headers that arrive after all are let go
            throw new InterruptedException("interrupted while fetching " + call.request().url());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private String attempts(int attempt) {
        return "(attempt " + (attempt + 1) + " of " + (settings.maxRetries() + 1) + ")";
    }

    private byte[] body(URI uri, ResponseBody body, FetchRequest request) throws IOException, ItemException {
        String type = body.contentType() == null ? null
                : (body.contentType().type() + "/" + body.contentType().subtype()).toLowerCase(Locale.ROOT);
        if (!request.acceptedContentTypes().isEmpty() && type != null && !type.equals(OCTET_STREAM)
                && !request.acceptedContentTypes().contains(type)) {
            throw ItemException.skipped(Reasons.CONTENT_TYPE, uri + " is " + type + "; accepted: "
                    + String.join(", ", request.acceptedContentTypes().stream().sorted().toList())
                    + " (inkflow.crawler.allowed-content-types)");
        }
        long declared = body.contentLength();
        if (declared > request.maxBytes()) {
            throw ItemException.skipped(Reasons.TOO_LARGE, uri + " is " + declared + " bytes; the limit is "
                    + request.maxBytes() + " (" + limitName(request) + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 1 << 20)));
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try (InputStream in = body.byteStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > request.maxBytes()) {
                    metrics.downloadedBytes(uri.getHost(), total - n);
                    throw ItemException.skipped(Reasons.TOO_LARGE, uri + " sent more than " + request.maxBytes()
                            + " bytes; the limit is " + request.maxBytes() + " (" + limitName(request) + ")");
                }
                out.write(buffer, 0, n);
            }
        }
        metrics.downloadedBytes(uri.getHost(), total);
        return out.toByteArray();
    }

    private static String limitName(FetchRequest request) {
        return request.acceptedContentTypes().isEmpty() ? "inkflow.crawler.max-page-bytes or max-archive-bytes"
                : "inkflow.crawler.max-image-bytes";
    }

    private static String mediaType(Response response) {
        String header = response.header("Content-Type");
        if (header == null) {
            return null;
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private RobotsTxt robotsFor(URI uri, double rate) throws InterruptedException {
        String origin = origin(uri);
        CachedRobots cached = robots.get(origin);
        Instant now = clock.instant();
        if (cached != null && cached.fetchedAt().plus(settings.robotsCacheTtl()).isAfter(now)) {
            return cached.robots();
        }
        RobotsTxt parsed;
        try {
            Fetched fetched = fetch(FetchRequest.any(URI.create(origin + "/robots.txt"), settings.maxRobotsBytes(), rate), false);
            parsed = RobotsTxt.parse(new String(fetched.body(), StandardCharsets.UTF_8), settings.agentToken());
        } catch (ItemException e) {
            // RFC 9309: a 4xx means no rules; an unreachable robots.txt (5xx, network) means "crawl nothing".
            parsed = e.reason().startsWith("http-4") ? RobotsTxt.allowAll() : RobotsTxt.disallowAll();
        }
        robots.put(origin, new CachedRobots(parsed, now));
        return parsed;
    }

    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static URI resolve(URI base, String location) throws ItemException {
        try {
            return base.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw ItemException.skipped(Reasons.http(302), base + " redirected to an invalid URL '" + location + "'");
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
