package org.inkflow.heldout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Calls a running inference service's {@code POST /colorize} as a multipart form: part {@code image} (the line-art
 * PNG) and, when given, part {@code hints} (a PNG, transparent = no hint; issue 16's contract). Authenticates with
 * {@code X-API-Key}. A service that does not take hints ignores or refuses the part; the answer's status says which.
 */
public final class ColorizeClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI colorize;
    private final String apiKey;

    /** {@code baseUrl} is the service's root, e.g. {@code http://127.0.0.1:8085}. */
    public ColorizeClient(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.colorize = URI.create(base + "/colorize");
        this.apiKey = apiKey;
    }

    /** The colorized PNG's bytes; {@code hintsPng} may be null. Fails with the status and the problem's text. */
    public byte[] colorize(byte[] imagePng, byte[] hintsPng) {
        String boundary = "inkflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "image", "input.png", imagePng);
        if (hintsPng != null) {
            part(body, boundary, "hints", "hints.png", hintsPng);
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(colorize)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("X-API-Key", apiKey);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalStateException("POST " + colorize + " failed: " + why
                    + " (is the inference service running at that address?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            throw new IllegalStateException("POST " + colorize + " answered " + response.statusCode() + ": "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text)
                    + (response.statusCode() == 401 || response.statusCode() == 403
                    ? " (pass the platform's consumer key: --key-file .inkflow/consumer.key)" : ""));
        }
        return response.body();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName, byte[] png) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(png);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
