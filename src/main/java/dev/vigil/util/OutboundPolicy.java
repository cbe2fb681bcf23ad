package dev.vigil.util;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where Vigil may send requests of its own (alert channels, http targets; PRODUCT.md §9): a deny
 * list, by default loopback, link-local, cloud metadata and unspecified addresses, and an allow list
 * that makes exceptions. Entries are CIDR ranges ({@code 10.0.0.0/8}, {@code fe80::/10}), single
 * addresses, host names ({@code metadata.google.internal}) or all names under a domain
 * ({@code *.internal}).
 *
 * <p>The most specific matching entry decides, an allow winning a tie: a name is more specific than
 * any address range, an exact name more than {@code *.domain}, a longer prefix more than a shorter.
 * So {@code VIGIL_OUTBOUND_ALLOW=127.0.0.1} opens one loopback address, and allowing
 * {@code 169.254.0.0/16} still leaves the metadata address {@code 169.254.169.254/32} denied. What
 * no entry matches is allowed.
 *
 * <p>Checked on the address a connection is actually opened to ({@link #refusal(String, InetAddress)}),
 * so that a name that resolves to a denied address, at any time, is refused too; before resolving,
 * {@link #refusalOfHost} refuses what is denied by name or literal address, which is all a channel's
 * settings can be checked against when it is created. Immutable; equal policies are equal.
 */
public final class OutboundPolicy {
    /** The setting names, which messages point to. */
    public static final String DENY_SETTING = "VIGIL_OUTBOUND_DENY";
    public static final String ALLOW_SETTING = "VIGIL_OUTBOUND_ALLOW";

    /** The deny list when {@value #DENY_SETTING} is not set; {@code default} stands for it in the setting. */
    public static final List<String> DEFAULT_DENY = List.of("127.0.0.0/8", "::1/128", "169.254.0.0/16", "fe80::/10",
            "169.254.169.254/32", "fd00:ec2::254/128", "metadata.google.internal", "0.0.0.0/8", "::/128");

    private static final Pattern NAME = Pattern.compile("(\\*\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

    private final List<Entry> entries;
    private final String deny;
    private final String allow;

    private OutboundPolicy(List<Entry> entries, String deny, String allow) {
        this.entries = List.copyOf(entries);
        this.deny = deny;
        this.allow = allow;
    }

    /** The default: {@link #DEFAULT_DENY}, nothing allowed beyond. */
    public static OutboundPolicy defaults() {
        return parse(null, null);
    }

    /**
     * The default deny list with loopback allowed: for tests, whose receivers run on this machine.
     * {@code Config.forTests} uses it; the released server's default denies loopback.
     */
    public static OutboundPolicy allowingLoopback() {
        return parse(null, "127.0.0.0/8,::1");
    }

    /**
     * @param deny  comma-separated entries; {@code default} for {@link #DEFAULT_DENY} (null or blank
     *              means {@code default}), {@code none} for an empty deny list
     * @param allow comma-separated entries; null or blank for none
     * @throws InvalidEntry naming the setting of an entry that is neither a range, an address nor a name
     */
    public static OutboundPolicy parse(String deny, String allow) {
        String denyText = deny == null || deny.isBlank() ? "default" : deny.strip();
        String allowText = allow == null ? "" : allow.strip();
        List<Entry> entries = new ArrayList<>();
        for (String item : items(denyText)) {
            if (item.equals("none")) continue;
            if (item.equals("default")) {
                for (String d : DEFAULT_DENY) entries.add(Entry.parse(d, false, true, DENY_SETTING));
            } else {
                entries.add(Entry.parse(item, false, false, DENY_SETTING));
            }
        }
        for (String item : items(allowText)) entries.add(Entry.parse(item, true, false, ALLOW_SETTING));
        return new OutboundPolicy(entries, denyText, allowText);
    }

    private static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }

    /**
     * Why a connection to {@code address}, reached by the name {@code host}, is refused; null if it
     * is allowed.
     */
    public String refusal(String host, InetAddress address) {
        String name = name(host);
        InetAddress a = normalize(address);
        Entry decisive = decide(name, a);
        if (decisive == null || decisive.allow) return null;
        String what = name == null || name.equals(a.getHostAddress()) ? a.getHostAddress() : name + " (" + a.getHostAddress() + ")";
        return refused(what, decisive);
    }

    /**
     * Why a request to {@code host} is refused without resolving it: a denied name, a denied literal
     * address, or {@code localhost} (which always means loopback) while loopback is denied. Null if
     * nothing is known against it yet; the address it resolves to is checked when connecting.
     */
    public String refusalOfHost(String host) {
        String name = name(host);
        if (name == null) return null;
        InetAddress literal = literal(name);
        if (literal != null) return refusal(null, literal);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return refusal(name, InetAddress.getLoopbackAddress());
        }
        Entry decisive = decide(name, null);
        return decisive == null || decisive.allow ? null : refused(name, decisive);
    }

    private static String refused(String what, Entry e) {
        return "outbound requests to " + what + " are denied: " + e.text + (e.label == null ? "" : " (" + e.label + ")")
                + " is on the deny list (" + DENY_SETTING + (e.fromDefault ? ", default" : "") + "); allow it with "
                + ALLOW_SETTING;
    }

    /** The most specific entry matching the name or the address; an allow wins a tie; null if none matches. */
    private Entry decide(String name, InetAddress address) {
        Entry best = null;
        for (Entry e : entries) {
            int s = e.specificity(name, address);
            if (s < 0) continue;
            if (best == null || s > best.specificity(name, address) || (s == best.specificity(name, address) && e.allow)) {
                best = e;
            }
        }
        return best;
    }

    private static String name(String host) {
        if (host == null || host.isBlank()) return null;
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** An IPv4 address written inside IPv6 ({@code ::ffff:127.0.0.1}, {@code ::127.0.0.1}) reaches the IPv4 one. */
    private static InetAddress normalize(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            boolean compatible = mapped && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped || compatible) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an IPv4 address; indicates a bug", e);
                }
            }
        }
        return a;
    }

    /** The address if {@code text} is an IPv4 or IPv6 literal, else null; never a DNS lookup. */
    static InetAddress literal(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.contains(":") && text.matches("[0-9a-f:.]+(%[0-9a-z]+)?");
        if (!v4 && !v6) return null;
        try {
            return normalize(InetAddress.getByName(text)); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The deny list as set ({@code default} when not). */
    public String deny() {
        return deny;
    }

    /** The allow list as set; empty when none. */
    public String allow() {
        return allow;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboundPolicy p && p.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "OutboundPolicy[deny=" + deny + ", allow=" + (allow.isEmpty() ? "none" : allow) + "]";
    }

    /** An entry of {@code setting} that is neither a range, an address nor a name. */
    public static final class InvalidEntry extends IllegalArgumentException {
        private final String setting;

        InvalidEntry(String setting, String message) {
            super(setting + ": " + message);
            this.setting = setting;
        }

        /** {@value #DENY_SETTING} or {@value #ALLOW_SETTING}. */
        public String setting() {
            return setting;
        }

        /** The message without the setting's name. */
        public String reason() {
            return getMessage().substring(setting.length() + 2);
        }
    }

    /** One entry of either list: an address range, or a name ({@code *.domain} for every name under it). */
    private record Entry(boolean allow, boolean fromDefault, String text, String label, byte[] network, int prefix,
                         String name, boolean wildcard) {

        static Entry parse(String text, boolean allow, boolean fromDefault, String setting) {
            String label = label(text);
            int slash = text.indexOf('/');
            String addressPart = slash < 0 ? text : text.substring(0, slash);
            if (addressPart.startsWith("[") && addressPart.endsWith("]")) addressPart = addressPart.substring(1, addressPart.length() - 1);
            InetAddress address = literal(addressPart);
            if (address != null) {
                int max = address instanceof Inet4Address ? 32 : 128;
                int prefix = max;
                if (slash >= 0) {
                    try {
                        prefix = Integer.parseInt(text.substring(slash + 1));
                    } catch (NumberFormatException e) {
                        prefix = -1;
                    }
                    if (prefix < 0 || prefix > max) {
                        throw new InvalidEntry(setting, "'" + text + "': the prefix length must be 0 to " + max);
                    }
                }
                return new Entry(allow, fromDefault, text, label, address.getAddress(), prefix, null, false);
            }
            if (slash >= 0 || !NAME.matcher(text).matches()) {
                throw new InvalidEntry(setting, "'" + text + "' is neither an address, a CIDR range (10.0.0.0/8) nor a host name");
            }
            boolean wildcard = text.startsWith("*.");
            return new Entry(allow, fromDefault, text, label, null, 0, wildcard ? text.substring(1) : text, wildcard);
        }

        private static String label(String text) {
            return switch (text) {
                case "127.0.0.0/8", "::1/128" -> "loopback";
                case "169.254.0.0/16", "fe80::/10" -> "link-local";
                case "169.254.169.254/32", "fd00:ec2::254/128", "metadata.google.internal" -> "cloud metadata";
                case "0.0.0.0/8", "::/128" -> "unspecified";
                default -> null;
            };
        }

        /** How specifically this entry matches; -1 if it does not. Names above 128, any address range up to 128. */
        int specificity(String host, InetAddress address) {
            if (name != null) {
                if (host == null) return -1;
                if (!wildcard) return host.equals(name) ? 1_000 : -1;
                return host.endsWith(name) ? 500 + name.length() : -1;
            }
            if (address == null) return -1;
            byte[] a = address.getAddress();
            if (a.length != network.length) return -1;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return -1;
            int rest = prefix % 8;
            if (rest > 0) {
                int mask = (0xff << (8 - rest)) & 0xff;
                if ((a[full] & mask) != (network[full] & mask)) return -1;
            }
            return prefix;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.allow == allow && e.fromDefault == fromDefault && e.text.equals(text);
        }

        @Override
        public int hashCode() {
            return Objects.hash(allow, text);
        }

        @Override
        public String toString() {
            return (allow ? "allow " : "deny ") + text;
        }
    }
}
