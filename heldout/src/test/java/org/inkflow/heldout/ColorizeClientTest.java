package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inkflow.common.image.ImageArrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a loopback HTTP server that checks the request as the inference service's multipart reader
 * would see it: the key header, and parts {@code image} and {@code hints} with their exact bytes.
 */
class ColorizeClientTest {

    private HttpServer server;
    private final Map<String, byte[]> parts = new ConcurrentHashMap<>();
    private final List<String> keys = new ArrayList<>();
    private volatile int status = 200;
    private final byte[] answer = ImageArrays.encodePng(new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/colorize", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("X-API-Key"));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            byte[] body = exchange.getRequestBody().readAllBytes();
            parts.putAll(multipart(type, body));
            byte[] out = status == 200 ? answer : "{\"title\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void sendsTheImageAndTheHintsAsNamedMultipartPartsWithTheKey() {
        byte[] image = {1, 2, 3, '\r', '\n', '-', '-', 4};
        byte[] hints = {9, 8, 7};
        byte[] out = new ColorizeClient(url(), "k-123").colorize(image, hints);

        assertThat(out).isEqualTo(answer);
        assertThat(keys).containsExactly("k-123");
        assertThat(parts).containsOnlyKeys("image", "hints");
        assertThat(parts.get("image")).isEqualTo(image);
        assertThat(parts.get("hints")).isEqualTo(hints);
    }

    @Test
    void withoutHintsOnlyTheImagePartIsSent() {
        new ColorizeClient(url(), null).colorize(new byte[] {5}, null);
        assertThat(parts).containsOnlyKeys("image");
        assertThat(keys).containsExactly((String) null);
    }

    @Test
    void aRefusalSaysTheStatusAndWhichKeyToPass() {
        status = 401;
        assertThatThrownBy(() -> new ColorizeClient(url(), "wrong").colorize(new byte[] {5}, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("answered 401")
                .hasMessageContaining("Unauthorized").hasMessageContaining("consumer.key");
    }

    /** Part name to content, split on the boundary of {@code contentType}. */
    private static Map<String, byte[]> multipart(String contentType, byte[] body) {
        Matcher b = Pattern.compile("boundary=(.+)$").matcher(contentType);
        assertThat(b.find()).as("a multipart boundary in " + contentType).isTrue();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, byte[]> out = new ConcurrentHashMap<>();
        for (String part : text.split("--" + Pattern.quote(b.group(1)))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(part.substring(0, headerEnd));
            assertThat(name.find()).isTrue();
            String content = part.substring(headerEnd + 4, part.length() - 2); // drop the CRLF before the boundary
            out.put(name.group(1), content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }
}
