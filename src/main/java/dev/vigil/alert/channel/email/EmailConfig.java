package dev.vigil.alert.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.channel.UrlTimeoutConfig;
import dev.vigil.domain.ValidationException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An email channel's settings, e.g.
 * {@code {"host": "smtp.example.com", "username": "vigil", "password": "…", "from": "Vigil <vigil@example.com>",
 * "to": ["ops@example.com"]}}.
 *
 * @param host          the SMTP server
 * @param port          default (0 here) 587 for {@code starttls}, 465 for {@code tls}, 25 for {@code none}
 * @param security      how the connection is protected; {@code starttls} by default
 * @param username      for SMTP AUTH; with {@code password}, or neither
 * @param password      never printed, logged or put in an error
 * @param from          the sender, an address that may carry a display name: {@code Vigil <vigil@example.com>}
 * @param to            1 to {@value #MAX_RECIPIENTS} recipients
 * @param cc            0 to {@value #MAX_RECIPIENTS} more
 * @param subjectPrefix put before every subject; {@code [Vigil]} by default, "" for none
 * @param timeout       for connecting, each read and each write: an ISO-8601 duration or a number of
 *                      seconds; default 10 s, at most 20 s, like the webhook's
 */
public record EmailConfig(String host, int port, Security security, String username, String password, String from,
                          List<String> to, List<String> cc, String subjectPrefix, Duration timeout) {
    public static final int MAX_RECIPIENTS = 50;
    public static final String DEFAULT_SUBJECT_PREFIX = "[Vigil]";
    public static final Duration DEFAULT_TIMEOUT = UrlTimeoutConfig.DEFAULT_TIMEOUT;
    public static final Duration MAX_TIMEOUT = UrlTimeoutConfig.MAX_TIMEOUT;

    private static final Set<String> FIELDS = Set.of("host", "port", "security", "username", "password", "from",
            "to", "cc", "subjectPrefix", "timeout");
    // A host name or an IP address; not a URL, and no port (that has its own field).
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.-]+|\\[?[0-9A-Fa-f:.]+]?");

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain connection upgraded with STARTTLS, which the server must offer (submission, port 587). */
        STARTTLS(587),
        /** TLS from the first byte (SMTPS, port 465). */
        TLS(465),
        /** No encryption: only for a relay on the same host or network. */
        NONE(25);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() { return defaultPort; }

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }

    public EmailConfig {
        if (host == null || host.isBlank()) throw new ValidationException(ConfigJson.field("host"), "is required");
        if (!HOST.matcher(host).matches()) {
            throw new ValidationException(ConfigJson.field("host"), "must be a host name or IP address, e.g. smtp.example.com");
        }
        security = security == null ? Security.STARTTLS : security;
        port = port == 0 ? security.defaultPort() : port;
        if (port < 1 || port > 65_535) throw new ValidationException(ConfigJson.field("port"), "must be 1 to 65535");
        if (username != null && username.isBlank()) {
            throw new ValidationException(ConfigJson.field("username"), "must not be blank; leave it out to send without login");
        }
        if (password != null && password.isEmpty()) {
            throw new ValidationException(ConfigJson.field("password"), "must not be empty; leave it out to send without login");
        }
        if (username != null && password == null) {
            throw new ValidationException(ConfigJson.field("password"), "is required when username is set");
        }
        if (password != null && username == null) {
            throw new ValidationException(ConfigJson.field("username"), "is required when password is set");
        }
        if (from == null || from.isBlank()) throw new ValidationException(ConfigJson.field("from"), "is required");
        checkAddress("from", from);
        to = checkAddresses("to", to, true);
        cc = checkAddresses("cc", cc, false);
        subjectPrefix = subjectPrefix == null ? DEFAULT_SUBJECT_PREFIX : subjectPrefix.strip();
        if (subjectPrefix.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException(ConfigJson.field("subjectPrefix"), "must be a single line");
        }
        timeout = UrlTimeoutConfig.checkTimeout(timeout);
    }

    /** @throws ValidationException naming the {@code config.*} field that is wrong */
    public static EmailConfig parse(String json) {
        ObjectNode config = ConfigJson.parseObject(json);
        ConfigJson.rejectUnknown(config, FIELDS);
        return new EmailConfig(ConfigJson.optionalText(config, "host"), port(config.get("port")),
                security(ConfigJson.optionalText(config, "security")), ConfigJson.optionalText(config, "username"),
                ConfigJson.optionalText(config, "password"), ConfigJson.optionalText(config, "from"),
                addresses(config, "to"), addresses(config, "cc"), ConfigJson.optionalText(config, "subjectPrefix"),
                UrlTimeoutConfig.timeout(config.get("timeout")));
    }

    /** True if the channel logs in (SMTP AUTH). */
    public boolean authenticates() {
        return username != null;
    }

    /** The sender as a mail address; validated when the config was made. */
    public InternetAddress fromAddress() {
        return address(from);
    }

    public InternetAddress[] toAddresses() {
        return to.stream().map(EmailConfig::address).toArray(InternetAddress[]::new);
    }

    public InternetAddress[] ccAddresses() {
        return cc.stream().map(EmailConfig::address).toArray(InternetAddress[]::new);
    }

    // Records print every component; the password must not reach logs.
    @Override
    public String toString() {
        return "EmailConfig[host=" + host + ", port=" + port + ", security=" + security.wire()
                + ", username=" + username + ", password=" + (password == null ? "none" : "***") + ", from=" + from
                + ", to=" + to + ", cc=" + cc + ", subjectPrefix=" + subjectPrefix + ", timeout=" + timeout + "]";
    }

    private static InternetAddress address(String text) {
        try {
            return new InternetAddress(text, true);
        } catch (AddressException e) {
            throw new IllegalStateException("address '" + text + "' passed validation but does not parse; indicates a bug", e);
        }
    }

    private static void checkAddress(String field, String text) {
        String problem;
        try {
            if (InternetAddress.parse(text, false).length > 1) {
                throw new ValidationException(ConfigJson.field(field), "must be one address, not a list");
            }
            InternetAddress address = new InternetAddress(text, true);
            int at = address.getAddress().indexOf('@');
            problem = address.isGroup() ? "must be one address, not a group"
                    : at <= 0 || at == address.getAddress().length() - 1 ? "must be an address such as ops@example.com"
                    : null;
        } catch (AddressException e) {
            problem = "is not a valid address: " + e.getMessage();
        }
        if (problem != null) throw new ValidationException(ConfigJson.field(field), problem);
    }

    private static List<String> checkAddresses(String field, List<String> addresses, boolean required) {
        if (addresses == null || addresses.isEmpty()) {
            if (required) throw new ValidationException(ConfigJson.field(field), "must list at least one address");
            return List.of();
        }
        if (addresses.size() > MAX_RECIPIENTS) {
            throw new ValidationException(ConfigJson.field(field), "must list at most " + MAX_RECIPIENTS + " addresses");
        }
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            String item = field + "[" + i + "]";
            if (address == null || address.isBlank()) throw new ValidationException(ConfigJson.field(item), "is required");
            checkAddress(item, address);
        }
        return List.copyOf(addresses);
    }

    private static List<String> addresses(ObjectNode config, String name) {
        JsonNode node = config.get(name);
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) throw new ValidationException(ConfigJson.field(name), "must be a list of addresses");
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) throw new ValidationException(ConfigJson.field(name + "[" + i + "]"), "must be a string");
            addresses.add(item.textValue().strip());
        }
        return addresses;
    }

    private static int port(JsonNode node) {
        if (node == null || node.isNull()) return 0;
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() == 0) {
            throw new ValidationException(ConfigJson.field("port"), "must be 1 to 65535");
        }
        return node.intValue();
    }

    private static Security security(String text) {
        if (text == null) return null;
        for (Security s : Security.values()) {
            if (s.wire().equals(text)) return s;
        }
        throw new ValidationException(ConfigJson.field("security"), "must be one of starttls, tls, none");
    }
}
