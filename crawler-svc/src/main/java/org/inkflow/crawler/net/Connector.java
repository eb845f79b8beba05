package org.inkflow.crawler.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Opens the crawler's TCP connections, always to an address the {@link AddressPolicy} has already approved. It is
 * a seam for tests, whose connector refuses everything but loopback so that a broken guard fails instead of
 * reaching out.
 */
@FunctionalInterface
public interface Connector {

    /** Connects by calling {@code opening} (the socket's own connect) or refuses with an {@link IOException}. */
    void connect(InetSocketAddress address, int timeoutMillis, Opening opening) throws IOException;

    /** The socket's real connect. */
    @FunctionalInterface
    interface Opening {
        void connect(InetSocketAddress address, int timeoutMillis) throws IOException;
    }

    /** Connects directly. */
    static Connector direct() {
        return (address, timeoutMillis, opening) -> opening.connect(address, timeoutMillis);
    }
}
