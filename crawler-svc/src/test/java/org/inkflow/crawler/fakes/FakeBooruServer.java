package org.inkflow.crawler.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 that speaks the Safebooru (Gelbooru dapi) and Danbooru listing APIs and serves
 * files with scripted behaviours (429 with Retry-After, 500s, slow answers, cut-off bodies, HTML as image/png,
 * redirects...). It records every request with its arrival time.
 */
public final class FakeBooruServer implements AutoCloseable {

    /** One recorded request. */
    public record Hit(String method, String pathAndQuery, long nanoTime, Map<String, String> headers) {
        public String path() {
            int q = pathAndQuery.indexOf('?');
            return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        }
    }

    /** Answers one request; {@code hit} counts this path's requests from 1. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange, int hit) throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Map<String, Responder> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile List<Map<String, Object>> safebooruPosts = List.of();
    private volatile List<Map<String, Object>> danbooruPosts = List.of();
    private volatile String robots;
    private volatile int pageCap = Integer.MAX_VALUE;
    private volatile boolean ignorePaging;
    private volatile String danbooruAuth;

    private FakeBooruServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeBooruServer start() {
        try {
            return new FakeBooruServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake booru on 127.0.0.1", e);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return base().resolve(path.startsWith("/") ? path.substring(1) : path).toString();
    }

    public FakeBooruServer safebooru(List<Map<String, Object>> posts) {
        this.safebooruPosts = List.copyOf(posts);
        return this;
    }

    public FakeBooruServer danbooru(List<Map<String, Object>> posts) {
        this.danbooruPosts = List.copyOf(posts);
        return this;
    }

    public FakeBooruServer requireDanbooruLogin(String login, String apiKey) {
        this.danbooruAuth = "Basic " + Base64.getEncoder().encodeToString((login + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Answers at most {@code cap} posts a page whatever the request's limit (as some mirrors do). */
    public FakeBooruServer pageCap(int cap) {
        this.pageCap = cap;
        return this;
    }

    /** Answers the first page for every page number (a mirror that ignores paging). */
    public FakeBooruServer ignorePaging() {
        this.ignorePaging = true;
        return this;
    }

    public FakeBooruServer robots(String text) {
        this.robots = text;
        return this;
    }

    public FakeBooruServer file(String path, Responder responder) {
        files.put(path, responder);
        return this;
    }

    public FakeBooruServer png(String path, byte[] png) {
        return file(path, (ex, hit) -> send(ex, 200, "image/png", png));
    }

    public List<Hit> hits() {
        return List.copyOf(hits);
    }

    public List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    public int count(String path) {
        AtomicInteger c = counts.get(path);
        return c == null ? 0 : c.get();
    }

    /** Blocks a slow responder until the server closes or {@code maxMillis} pass, whichever is first. */
    public void stall(long maxMillis) {
        try {
            closing.await(maxMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            hits.add(new Hit(ex.getRequestMethod(), raw, System.nanoTime(), headers));
            String path = ex.getRequestURI().getRawPath();
            int hit = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            if (files.containsKey(path)) {
                files.get(path).respond(ex, hit);
            } else if (path.equals("/robots.txt")) {
                if (robots == null) {
                    send(ex, 404, "text/plain", "no robots".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 200, "text/plain", robots.getBytes(StandardCharsets.UTF_8));
                }
            } else if (path.equals("/index.php") && "dapi".equals(query.get("page"))) {
                int limit = Math.min(pageCap, Integer.parseInt(query.getOrDefault("limit", "100")));
                int pid = ignorePaging ? 0 : Integer.parseInt(query.getOrDefault("pid", "0"));
                List<Map<String, Object>> page = slice(filter(safebooruPosts, query.get("tags"), "tags"), pid * limit, limit);
                // Gelbooru-style APIs answer an empty body past the end
                send(ex, 200, "application/json", page.isEmpty() ? new byte[0] : JSON.writeValueAsBytes(page));
            } else if (path.equals("/posts.json")) {
                if (danbooruAuth != null && !danbooruAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    send(ex, 401, "application/json", "{\"success\":false,\"message\":\"login required\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                int limit = Math.min(200, Integer.parseInt(query.getOrDefault("limit", "20")));
                int page = Integer.parseInt(query.getOrDefault("page", "1"));
                List<Map<String, Object>> posts = slice(filter(danbooruPosts, query.get("tags"), "tag_string"), (page - 1) * limit, limit);
                send(ex, 200, "application/json", JSON.writeValueAsBytes(posts));
            } else {
                send(ex, 404, "text/html", "<html><body>not found</body></html>".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client went away (timeouts, cut-off bodies): nothing to answer
        }
    }

    private static List<Map<String, Object>> filter(List<Map<String, Object>> posts, String tags, String field) {
        if (tags == null || tags.isBlank()) {
            return posts;
        }
        List<String> wanted = List.of(tags.trim().split("\\s+"));
        return posts.stream().filter(p -> List.of(String.valueOf(p.getOrDefault(field, "")).split("\\s+")).containsAll(wanted)).toList();
    }

    private static List<Map<String, Object>> slice(List<Map<String, Object>> all, int from, int limit) {
        if (from >= all.size()) {
            return List.of();
        }
        return new ArrayList<>(all.subList(from, Math.min(all.size(), from + limit)));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Declares {@code declaredLength} bytes, sends {@code sent} of them, then drops the connection. */
    public static void sendTruncated(HttpExchange ex, String contentType, byte[] body, int sent) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, sent);
        out.flush();
        throw new IOException("cut off on purpose"); // leaves the exchange unfinished: the connection is closed
    }

    /** Streams {@code total} bytes of PNG-looking data without a Content-Length (chunked). */
    public static void sendChunked(HttpExchange ex, String contentType, byte[] head, long total) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(head);
            byte[] filler = new byte[8192];
            long written = head.length;
            while (written < total) {
                int n = (int) Math.min(filler.length, total - written);
                out.write(filler, 0, n);
                written += n;
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** A Safebooru post as the dapi JSON has it. */
    public static Map<String, Object> safebooruPost(int id, String image, String md5, String tags, String rating, Map<String, Object> extra) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("id", id);
        post.put("directory", "1");
        post.put("image", image);
        post.put("hash", md5);
        post.put("width", 40);
        post.put("height", 24);
        post.put("rating", rating);
        post.put("tags", tags);
        post.put("score", 1);
        post.putAll(extra);
        return post;
    }

    /** A Danbooru post as /posts.json has it; {@code fileUrl} null for a restricted post. */
    public static Map<String, Object> danbooruPost(int id, String fileUrl, String ext, String tags, String rating) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("id", id);
        post.put("md5", String.format("%032x", id));
        if (fileUrl != null) {
            post.put("file_url", fileUrl);
        }
        post.put("file_ext", ext);
        post.put("file_size", 1000);
        post.put("image_width", 40);
        post.put("image_height", 24);
        post.put("rating", rating);
        post.put("tag_string", tags);
        post.put("tag_string_character", "");
        return post;
    }
}
