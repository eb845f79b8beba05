package org.inkflow.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::",
            "fe80::1", "fc00::1", "fd00:ec2::254", "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "2001:db8::1", "::127.0.0.1"})
    void nonPublicAddressesAreRefused(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(AddressPolicy.isPublic(address)).as(literal).isFalse();
        assertThatThrownBy(() -> AddressPolicy.publicOnly().check("evil.example", address))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining(address.getHostAddress())
                .hasMessageContaining("inkflow.crawler.allow-private-hosts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "64:ff9b::808:808"})
    void publicAddressesPass(String literal) throws Exception {
        assertThat(AddressPolicy.isPublic(InetAddress.getByName(literal))).as(literal).isTrue();
    }

    @Test
    void listedHostsAndRangesMayBePrivate() throws Exception {
        AddressPolicy policy = AddressPolicy.allowing(List.of("127.0.0.1", " mirror.internal ", "10.20.0.0/16", "[::1]"));
        assertThatCode(() -> policy.check("127.0.0.1", InetAddress.getByName("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("localhost", InetAddress.getByName("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("MIRROR.internal", InetAddress.getByName("10.9.9.9"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("a.example", InetAddress.getByName("10.20.3.4"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("a.example", InetAddress.getByName("::1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check("a.example", InetAddress.getByName("10.21.0.1"))).isInstanceOf(BlockedAddressException.class);
        assertThatThrownBy(() -> policy.check("a.example", InetAddress.getByName("127.0.0.2"))).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void mappedIpv4InsideAnIpv6AddressIsUnwrapped() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(AddressPolicy.isPublic(v6)).isFalse();
    }

    @Test
    void oneBadAddressRefusesTheWholeResolution() throws Exception {
        List<InetAddress> answer = List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5"));
        assertThatThrownBy(() -> AddressPolicy.publicOnly().checkAll("mixed.example", answer))
                .isInstanceOf(BlockedAddressException.class).hasMessageContaining("10.0.0.5");
    }

    @Test
    void rangesParseAndMatchBitwise() {
        IpRange range = IpRange.parse("172.16.0.0/12");
        assertThat(range.contains(addr("172.31.1.1"))).isTrue();
        assertThat(range.contains(addr("172.32.1.1"))).isFalse();
        assertThat(range.contains(addr("::1"))).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains(addr("1.2.3.4"))).isTrue();
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpRange.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowListMatchesExactNamesAndSubdomains() {
        HostAllowList list = new HostAllowList(List.of("safebooru.org", "*.donmai.us"));
        assertThat(list.allows("safebooru.org")).isTrue();
        assertThat(list.allows("SAFEBOORU.ORG")).isTrue();
        assertThat(list.allows("cdn.safebooru.org")).isFalse();
        assertThat(list.allows("cdn.donmai.us")).isTrue();
        assertThat(list.allows("donmai.us")).isFalse();
        assertThat(list.allows("evildonmai.us")).isFalse();
        assertThat(new HostAllowList(List.of("*")).allows("anything.example")).isTrue();
        assertThat(new HostAllowList(List.of()).allows("safebooru.org")).isFalse();
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
