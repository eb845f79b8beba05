package org.inkflow.crawler.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which resolved addresses the crawler may connect to: public unicast only, unless the host name or the
 * address is listed in {@code inkflow.crawler.allow-private-hosts}. Blocks loopback, RFC 1918, carrier-grade NAT,
 * link-local (cloud metadata at 169.254.169.254 included), unique-local and site-local IPv6, multicast, reserved and
 * documentation ranges, and IPv4 addresses smuggled inside IPv6 (mapped, NAT64, 6to4).
 */
public final class AddressPolicy {

    private static final List<IpRange> NON_PUBLIC = List.of(
            IpRange.parse("0.0.0.0/8"), IpRange.parse("10.0.0.0/8"), IpRange.parse("100.64.0.0/10"),
            IpRange.parse("127.0.0.0/8"), IpRange.parse("169.254.0.0/16"), IpRange.parse("172.16.0.0/12"),
            IpRange.parse("192.0.0.0/24"), IpRange.parse("192.0.2.0/24"), IpRange.parse("192.88.99.0/24"),
            IpRange.parse("192.168.0.0/16"), IpRange.parse("198.18.0.0/15"), IpRange.parse("198.51.100.0/24"),
            IpRange.parse("203.0.113.0/24"), IpRange.parse("224.0.0.0/4"), IpRange.parse("240.0.0.0/4"),
            IpRange.parse("::/96"), IpRange.parse("::1/128"), IpRange.parse("100::/64"), IpRange.parse("2001::/32"),
            IpRange.parse("2001:db8::/32"), IpRange.parse("64:ff9b:1::/48"), IpRange.parse("fc00::/7"),
            IpRange.parse("fe80::/10"), IpRange.parse("fec0::/10"), IpRange.parse("ff00::/8"));
    // Built from bytes: Java turns the literal ::ffff:a.b.c.d into an IPv4 address, but an IPv6 one can carry it.
    private static final IpRange MAPPED_V4 = new IpRange(
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96);
    private static final IpRange NAT64 = IpRange.parse("64:ff9b::/96");
    private static final IpRange SIX_TO_FOUR = IpRange.parse("2002::/16");

    private final Set<String> allowedHosts;
    private final List<IpRange> allowedRanges;

    private AddressPolicy(Set<String> allowedHosts, List<IpRange> allowedRanges) {
        this.allowedHosts = allowedHosts;
        this.allowedRanges = allowedRanges;
    }

    /** Entries are host names, addresses or CIDR blocks that may be reached although not public. */
    public static AddressPolicy allowing(List<String> allowPrivateHosts) {
        Set<String> hosts = new TreeSet<>();
        List<IpRange> ranges = new ArrayList<>();
        for (String raw : allowPrivateHosts) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            String bare = stripBrackets(entry);
            if (IpRange.looksLikeIpLiteral(bare.contains("/") ? bare.substring(0, bare.indexOf('/')) : bare)) {
                ranges.add(IpRange.parse(bare));
            } else {
                hosts.add(bare);
            }
        }
        return new AddressPolicy(Set.copyOf(hosts), List.copyOf(ranges));
    }

    /** Allows public addresses only. */
    public static AddressPolicy publicOnly() {
        return allowing(List.of());
    }

    /** Whether an address is public unicast, looking through IPv6 forms that embed an IPv4 address. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            return isPublic(embedded);
        }
        for (IpRange range : NON_PUBLIC) {
            if (range.contains(address)) {
                return false;
            }
        }
        return true;
    }

    /** Passes when the crawler may connect to {@code address}, reached under the name {@code host}. */
    public void check(String host, InetAddress address) throws BlockedAddressException {
        if (isPublic(address)) {
            return;
        }
        String name = host == null ? "" : stripBrackets(host.toLowerCase(Locale.ROOT));
        if (allowedHosts.contains(name)) {
            return;
        }
        for (IpRange range : allowedRanges) {
            if (range.contains(address)) {
                return;
            }
        }
        throw new BlockedAddressException(host + " resolves to " + address.getHostAddress()
                + ", a loopback, private, link-local or reserved address; the crawler only contacts public addresses"
                + " unless the host is listed in inkflow.crawler.allow-private-hosts");
    }

    /** Checks every address of a resolution; one bad address refuses the host (no partial trust). */
    public List<InetAddress> checkAll(String host, List<InetAddress> addresses) throws BlockedAddressException {
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return addresses;
    }

    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        byte[] v4;
        if (MAPPED_V4.contains(address) || NAT64.contains(address)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if (SIX_TO_FOUR.contains(address)) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        } else {
            return null;
        }
        try {
            return Inet4Address.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
