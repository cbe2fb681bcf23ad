package dev.vigil.util;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** What a request header may be (RFC 9110), checked the same way wherever Vigil lets someone name one. */
public final class HttpHeaders {
    /** Set by the HTTP client from the request itself; never configurable. Case-insensitive. */
    public static final Set<String> SET_BY_CLIENT;

    static {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(Set.of("Host", "Content-Length", "Transfer-Encoding", "Connection", "Expect", "Upgrade"));
        SET_BY_CLIENT = Collections.unmodifiableSet(names);
    }

    private HttpHeaders() {
    }

    /** An RFC 9110 token: one or more visible ASCII characters other than delimiters. */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) return false;
        }
        return true;
    }

    /**
     * The index of the first character a header value may not hold (anything but tab, space and
     * visible characters: a line break would end the header), or -1 if there is none.
     */
    public static int badValueChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean visible = c == '\t' || (c >= 0x20 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
            if (!visible) return i;
        }
        return -1;
    }
}
