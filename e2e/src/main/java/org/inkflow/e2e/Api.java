package org.inkflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.inkflow.common.events.EventJson;

/**
 * Small JSON-over-HTTP calls to the services' own REST APIs, as the operator (the platform's key, set when it
 * starts); a non-2xx answer is an error that quotes the body.
 */
final class Api {

    private static volatile String key;

    private Api() {
    }

    /** The API key every call sends from now on. */
    static void useKey(String operatorKey) {
        key = operatorKey;
    }

    private static HttpRequest.Builder authenticated(HttpRequest.Builder request) {
        String k = key;
        return k == null ? request : request.header("X-API-Key", k);
    }

    static JsonNode get(String url) {
        return send(authenticated(HttpRequest.newBuilder(URI.create(url)).GET()));
    }

    static JsonNode post(String url, Object body) {
        return send(authenticated(HttpRequest.newBuilder(URI.create(url)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(body))));
    }

    static HttpResponse<byte[]> postBytes(String url, byte[] body, String contentType) {
        try {
            return Platform.HTTP.send(authenticated(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(Duration.ofSeconds(60)).build();
        try {
            HttpResponse<String> response = Platform.HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ApiException(response.statusCode(), r.method() + " " + r.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? EventJson.MAPPER.nullNode() : EventJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            // Not answering (yet): callers that poll keep polling.
            throw new ApiException(-1, r.method() + " " + r.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A service answered with an error status. */
    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
