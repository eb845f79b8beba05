package org.inkflow.crawler.fakes;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.inkflow.crawler.net.Connector;

/**
 * The only connector tests use (it replaces the default bean in every @QuarkusTest): connects to 127.0.0.0/8 and
 * refuses, and records, anything else, so a broken address guard fails a test instead of reaching the network.
 */
@Singleton
public class LoopbackOnlyConnector implements Connector {

    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    @Override
    public void connect(InetSocketAddress address, int timeoutMillis, Opening opening) throws IOException {
        if (!address.getAddress().isLoopbackAddress()) {
            VIOLATIONS.add(address.toString());
            throw new IOException("test connector refuses " + address + ": tests only ever connect to loopback");
        }
        opening.connect(address, timeoutMillis);
    }

    /** Non-loopback addresses something tried to connect to; must stay empty. */
    public static List<String> violations() {
        return List.copyOf(VIOLATIONS);
    }
}
