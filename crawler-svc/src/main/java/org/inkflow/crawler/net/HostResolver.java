package org.inkflow.crawler.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses. Injectable so tests can map names without touching real DNS. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver (DNS, /etc/hosts). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
