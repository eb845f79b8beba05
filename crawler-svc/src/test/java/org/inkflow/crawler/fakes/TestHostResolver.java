package org.inkflow.crawler.fakes;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.inkflow.crawler.net.HostResolver;

/**
 * Tests' DNS (it replaces the default bean in every @QuarkusTest): {@code localhost} is loopback,
 * {@code internal.test} a private address, {@code metadata.test} the cloud metadata address,
 * {@code public.test} a public one; any other name is unknown, so no test ever asks real DNS.
 */
@Singleton
public class TestHostResolver implements HostResolver {

    public static final String PRIVATE_HOST = "internal.test";
    public static final String METADATA_HOST = "metadata.test";
    public static final String PUBLIC_HOST = "public.test";

    private static final Map<String, byte[]> HOSTS = Map.of(
            "localhost", new byte[] {127, 0, 0, 1},
            PRIVATE_HOST, new byte[] {10, 1, 2, 3},
            METADATA_HOST, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254},
            PUBLIC_HOST, new byte[] {93, (byte) 184, (byte) 216, 34});

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        byte[] address = HOSTS.get(host.toLowerCase(java.util.Locale.ROOT));
        if (address == null) {
            throw new UnknownHostException("the test resolver knows no host " + host);
        }
        return List.of(InetAddress.getByAddress(host, address));
    }
}
