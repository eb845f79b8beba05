package org.inkflow.crawler.net;

import java.net.URI;

/** A successful download: the final URL (after redirects), the declared media type (may be null) and the body. */
public record Fetched(URI uri, int status, String contentType, byte[] body) {
}
