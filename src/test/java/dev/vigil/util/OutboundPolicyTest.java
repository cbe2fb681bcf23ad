package dev.vigil.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Where Vigil may send its own requests (PRODUCT.md §9, docs/security.md#outbound-requests). */
class OutboundPolicyTest {
    private static final OutboundPolicy DEFAULTS = OutboundPolicy.defaults();

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // a literal: parsed, not looked up
    }

    @Test
    void by_default_loopback_link_local_metadata_and_unspecified_addresses_are_denied() throws Exception {
        for (String denied : new String[] {"127.0.0.1", "127.1.2.3", "::1", "169.254.10.20", "169.254.169.254", "fe80::1",
                "fd00:ec2::254", "0.0.0.0", "::", "::ffff:127.0.0.1", "::ffff:169.254.169.254"}) {
            assertThat(DEFAULTS.refusal("h", ip(denied))).as(denied).isNotNull();
        }
        for (String allowed : new String[] {"93.184.215.14", "10.1.2.3", "192.168.1.10", "2606:4700::6810:84e5", "fd00:ec2::253"}) {
            assertThat(DEFAULTS.refusal("h", ip(allowed))).as(allowed).isNull();
        }
        assertThat(DEFAULTS.refusalOfHost("metadata.google.internal")).contains("cloud metadata");
        assertThat(DEFAULTS.refusalOfHost("METADATA.google.internal.")).isNotNull();
        assertThat(DEFAULTS.refusalOfHost("hooks.example.com")).isNull();
    }

    @Test
    void the_reason_names_the_address_the_entry_and_the_setting_to_change() throws Exception {
        assertThat(DEFAULTS.refusal("evil.example", ip("127.0.0.1"))).isEqualTo(
                "outbound requests to evil.example (127.0.0.1) are denied: 127.0.0.0/8 (loopback) is on the deny list "
                        + "(VIGIL_OUTBOUND_DENY, default); allow it with VIGIL_OUTBOUND_ALLOW");
        assertThat(DEFAULTS.refusalOfHost("169.254.169.254")).startsWith("outbound requests to 169.254.169.254 are denied: "
                + "169.254.169.254/32 (cloud metadata)");
    }

    @Test
    void before_resolving_literals_localhost_and_denied_names_are_refused_other_names_wait_for_their_address() {
        assertThat(DEFAULTS.refusalOfHost("127.0.0.1")).isNotNull();
        assertThat(DEFAULTS.refusalOfHost("[::1]")).isNotNull();
        assertThat(DEFAULTS.refusalOfHost("localhost")).contains("loopback");
        assertThat(DEFAULTS.refusalOfHost("api.localhost")).isNotNull();
        assertThat(DEFAULTS.refusalOfHost("rebinds-to-loopback.example")).isNull();
    }

    @Test
    void the_most_specific_entry_decides_and_an_allow_wins_a_tie() throws Exception {
        OutboundPolicy oneLoopback = OutboundPolicy.parse(null, "127.0.0.1");
        assertThat(oneLoopback.refusal("h", ip("127.0.0.1"))).isNull();
        assertThat(oneLoopback.refusal("h", ip("127.0.0.2"))).isNotNull();

        OutboundPolicy linkLocal = OutboundPolicy.parse(null, "169.254.0.0/16");
        assertThat(linkLocal.refusal("h", ip("169.254.1.1"))).isNull();
        assertThat(linkLocal.refusal("h", ip("169.254.169.254"))).as("metadata is more specific").isNotNull();

        OutboundPolicy byName = OutboundPolicy.parse("default,*.corp.internal", "localhost,ok.corp.internal");
        assertThat(byName.refusal("localhost", ip("127.0.0.1"))).as("a name beats a range").isNull();
        assertThat(byName.refusalOfHost("localhost")).isNull();
        assertThat(byName.refusal("other", ip("127.0.0.1"))).isNotNull();
        assertThat(byName.refusalOfHost("db.corp.internal")).isNotNull();
        assertThat(byName.refusalOfHost("ok.corp.internal")).isNull();

        OutboundPolicy tie = OutboundPolicy.parse("10.0.0.0/8", "10.0.0.0/8");
        assertThat(tie.refusal("h", ip("10.9.9.9"))).isNull();
    }

    @Test
    void a_deny_list_replaces_the_default_unless_it_names_it_and_none_denies_nothing() throws Exception {
        OutboundPolicy own = OutboundPolicy.parse("10.0.0.0/8", null);
        assertThat(own.refusal("h", ip("10.1.1.1"))).contains("10.0.0.0/8 is on the deny list (VIGIL_OUTBOUND_DENY)");
        assertThat(own.refusal("h", ip("127.0.0.1"))).isNull();
        OutboundPolicy both = OutboundPolicy.parse("default, 10.0.0.0/8", null);
        assertThat(both.refusal("h", ip("127.0.0.1"))).isNotNull();
        assertThat(both.refusal("h", ip("10.1.1.1"))).isNotNull();
        assertThat(OutboundPolicy.parse("none", null).refusal("h", ip("127.0.0.1"))).isNull();
        assertThat(OutboundPolicy.parse(" ", " ")).isEqualTo(DEFAULTS);
    }

    @Test
    void a_malformed_entry_is_refused_naming_its_setting() {
        assertThatThrownBy(() -> OutboundPolicy.parse("10.0.0.0/33", null))
                .isInstanceOfSatisfying(OutboundPolicy.InvalidEntry.class, e -> assertThat(e.setting()).isEqualTo("VIGIL_OUTBOUND_DENY"))
                .hasMessageContaining("prefix length must be 0 to 32");
        assertThatThrownBy(() -> OutboundPolicy.parse(null, "http://example.com"))
                .isInstanceOfSatisfying(OutboundPolicy.InvalidEntry.class, e -> assertThat(e.setting()).isEqualTo("VIGIL_OUTBOUND_ALLOW"));
        assertThatThrownBy(() -> OutboundPolicy.parse(null, "example.com/8")).isInstanceOf(OutboundPolicy.InvalidEntry.class);
    }

    @Test
    void tests_allow_loopback_and_nothing_else_the_default_denies() throws Exception {
        OutboundPolicy tests = OutboundPolicy.allowingLoopback();
        assertThat(tests.refusal("h", ip("127.0.0.1"))).isNull();
        assertThat(tests.refusal("h", ip("::1"))).isNull();
        assertThat(tests.refusal("h", ip("169.254.169.254"))).isNotNull();
    }
}
