package dev.skiff.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HaAllowListTest {
    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text); // numeric: no lookup
    }

    @Test
    void emptyAcceptsAnyAddress() throws Exception {
        HaAllowList any = HaAllowList.parse(" ");
        assertThat(any.acceptsAny()).isTrue();
        assertThat(any.allows(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void addressesAndBlocksOfBothFamilies() throws Exception {
        HaAllowList list = HaAllowList.parse("10.1.0.0/16, 192.168.7.7 ,fd00::/8");
        assertThat(list.allows(ip("10.1.200.3"))).isTrue();
        assertThat(list.allows(ip("10.2.0.1"))).isFalse();
        assertThat(list.allows(ip("192.168.7.7"))).isTrue();
        assertThat(list.allows(ip("192.168.7.8"))).isFalse();
        assertThat(list.allows(ip("fd12::1"))).isTrue();
        assertThat(list.allows(ip("fe80::1"))).isFalse();
        // an IPv4-mapped IPv6 peer is its IPv4 address
        assertThat(list.allows(ip("::ffff:10.1.0.9"))).isTrue();
    }

    @Test
    void malformedEntriesAndTooManyAreRefused() {
        assertThatThrownBy(() -> HaAllowList.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HaAllowList.parse("master.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numeric");
        String many = "10.0.0.1,".repeat(HaAllowList.RANGES_MAX + 1);
        assertThatThrownBy(() -> HaAllowList.parse(many)).hasMessageContaining("more than");
    }
}
