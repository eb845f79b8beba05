package org.inkflow.inference.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a real headless Chromium over the DevTools protocol (a WebSocket, from the JDK's own HTTP client): open a
 * page, set a file input, evaluate JavaScript, take a screenshot. The browser gets a fresh profile, listens on
 * loopback only and is killed on {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser binary, or {@code null} when none is installed. */
    public static Path executable() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    public static HeadlessChromium start() throws Exception {
        Path binary = executable();
        if (binary == null) {
            throw new IllegalStateException("no Chromium found at " + CANDIDATES + "; install it: apt-get install -y chromium");
        }
        Path profile = Files.createTempDirectory("inkflow-chromium-");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1100,900", "about:blank"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium did not open its DevTools port; its log: "
                            + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.onSpinWait();
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String pageSocket = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    pageSocket = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("Chromium has no page target: " + targets);
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener).get(10, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
            listener.browser = browser;
            browser.call("Page.enable", JSON.createObjectNode());
            browser.call("Runtime.enable", JSON.createObjectNode());
            return browser;
        } catch (Exception e) {
            process.destroyForcibly();
            ModelFixtures.delete(profile);
            throw e;
        }
    }

    /** Sends a DevTools command and waits for its result. */
    public JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    public void navigate(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** Evaluates a JavaScript expression in the page and answers its value (JSON-able values only). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Puts {@code file} into the {@code <input type=file>} matched by {@code selector}; the page sees a change. */
    public void setFile(String selector, Path file) throws Exception {
        int root = call("DOM.getDocument", JSON.createObjectNode()).path("root").path("nodeId").asInt();
        int node = call("DOM.querySelector", JSON.createObjectNode().put("nodeId", root).put("selector", selector))
                .path("nodeId").asInt();
        if (node == 0) {
            throw new IllegalStateException("no element matches " + selector);
        }
        ObjectNode params = JSON.createObjectNode().put("nodeId", node);
        params.putArray("files").add(file.toAbsolutePath().toString());
        call("DOM.setFileInputFiles", params);
    }

    public byte[] screenshot() throws Exception {
        String data = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true)).path("data").asText();
        return java.util.Base64.getDecoder().decode(data);
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ModelFixtures.delete(profile);
        }
    }

    private void onMessage(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Joins fragmented WebSocket frames into whole DevTools messages. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();
        volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String message = buffer.toString();
                buffer.setLength(0);
                if (browser != null) {
                    browser.onMessage(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    /** Waits until {@code expression} is truthy in the page, up to {@code timeout}. */
    public JsonNode waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode value = null;
        while (System.nanoTime() < deadline) {
            try {
                value = evaluate(expression);
            } catch (IllegalStateException e) {
                value = null; // the page is still loading: its elements are not there yet
            }
            if (value != null && !value.isMissingNode() && !value.isNull() && !(value.isBoolean() && !value.asBoolean())
                    && !(value.isTextual() && value.asText().isEmpty())) {
                return value;
            }
            // Poll through the browser itself: a short in-page wait instead of sleeping this thread.
            evaluate("new Promise(r => setTimeout(r, 100))");
        }
        throw new IllegalStateException("the page never satisfied '" + expression + "' within " + timeout
                + "; last value " + value + "; status: " + evaluate("document.getElementById('status') && document.getElementById('status').textContent"));
    }
}
