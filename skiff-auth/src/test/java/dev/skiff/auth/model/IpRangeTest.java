package dev.skiff.auth.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpRangeTest {

    @Test
    void singleAddressMatchesOnlyItself() {
        IpRange one = IpRange.parse("10.1.2.3");
        assertThat(one.contains(IpRange.addressBytes("10.1.2.3"))).isTrue();
        assertThat(one.contains(IpRange.addressBytes("10.1.2.4"))).isFalse();
    }

    @Test
    void cidrBlocksMatchTheirRange() {
        IpRange block = IpRange.parse("192.168.0.0/16");
        assertThat(block.contains(IpRange.addressBytes("192.168.255.1"))).isTrue();
        assertThat(block.contains(IpRange.addressBytes("192.169.0.1"))).isFalse();
        IpRange odd = IpRange.parse("10.0.0.128/25");
        assertThat(odd.contains(IpRange.addressBytes("10.0.0.129"))).isTrue();
        assertThat(odd.contains(IpRange.addressBytes("10.0.0.127"))).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains(IpRange.addressBytes("8.8.8.8")))
                .isTrue();
        // host bits in the network address are ignored
        assertThat(IpRange.parse("10.9.9.9/8").contains(IpRange.addressBytes("10.0.0.1")))
                .isTrue();
    }

    @Test
    void ipv6AndIpv4NeverMatchEachOther() {
        IpRange v6 = IpRange.parse("fd00::/8");
        assertThat(v6.contains(IpRange.addressBytes("fd12::1"))).isTrue();
        assertThat(v6.contains(IpRange.addressBytes("fe80::1"))).isFalse();
        assertThat(v6.contains(IpRange.addressBytes("10.0.0.1"))).isFalse();
        assertThat(IpRange.parse("127.0.0.1").contains(IpRange.addressBytes("::1")))
                .isFalse();
        assertThat(IpRange.parse("[::1]").contains(IpRange.addressBytes("::1"))).isTrue();
        assertThat(IpRange.parse("127.0.0.1").contains(null)).isFalse();
    }

    @Test
    void refusesNamesAndBadPrefixes() {
        assertThatThrownBy(() -> IpRange.parse("example.com")).hasMessageContaining("numeric");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("0..32");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/x")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpRange.parse("")).hasMessageContaining("blank");
    }
}
