package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.alert.channel.StandardChannels;
import dev.vigil.domain.ValidationException;
import dev.vigil.util.OutboundPolicy;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The channel form's fields are exactly the settings each kind validates, and the form becomes their JSON. */
class ChannelFieldsTest {
    private static final Pattern EXPECTED = Pattern.compile("expected one of \\[([^]]*)]");
    private final ChannelRegistry registry = StandardChannels.registry(Clock.systemUTC(), OutboundPolicy.allowingLoopback());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void every_kind_has_a_form_field_for_each_setting_it_takes_and_no_other() {
        for (String kind : registry.kinds()) {
            Set<String> form = ChannelFields.of(kind).stream().map(ChannelFields.Field::name).collect(Collectors.toCollection(TreeSet::new));
            ValidationException e = catchThrowableOfType(ValidationException.class, () -> registry.validate(kind, "{\"zzz\": 1}"));
            assertThat(e).as(kind + " rejects an unknown setting").isNotNull();
            assertThat(e.field()).isEqualTo("config.zzz");
            Matcher m = EXPECTED.matcher(e.getMessage());
            Set<String> taken = m.find() ? Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new)) : Set.of();
            assertThat(form).as(kind + ": the form's fields against the settings the kind takes").isEqualTo(taken);
        }
    }

    @Test
    void a_form_becomes_the_kinds_json_and_empty_secrets_keep_the_stored_ones() throws Exception {
        JsonNode stored = json.readTree("{\"url\": \"https://a.example/x\", \"secret\": \"s1\", \"headers\": {\"Authorization\": \"Bearer t\"},"
                + " \"timeout\": \"PT5S\"}");

        JsonNode config = ChannelFields.config("webhook", Map.of("config.url", "", "config.secret", "",
                "config.headers", "", "config.template", "{\"text\": \"{{title}}\"}"), stored);

        assertThat(config).isEqualTo(json.readTree("{\"url\": \"https://a.example/x\", \"secret\": \"s1\","
                + " \"headers\": {\"Authorization\": \"Bearer t\"}, \"template\": {\"text\": \"{{title}}\"}}"));
        assertThat(ChannelFields.config("webhook", Map.of("config.url", " https://b.example/y "), stored).get("url").asText())
                .isEqualTo("https://b.example/y");
        assertThat(ChannelFields.config("webhook", Map.of("config.url", "https://b.example/y"), null).has("secret")).isFalse();
        assertThat(ChannelFields.config("email", Map.of("config.to", "a@example.com, b@example.com,", "config.port", "2525"), null))
                .hasToString("{\"port\":2525,\"to\":[\"a@example.com\",\"b@example.com\"]}");
        assertThatThrownBy(() -> ChannelFields.config("opsgenie", Map.of("config.responders", "[{"), null))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("config.responders: is not valid JSON");
        // A form never fills a secret in from what is stored.
        assertThat(ChannelFields.values("webhook", stored)).isEqualTo(Map.of("config.timeout", "PT5S"));
        // Of a stored URL, the form may say where it goes, not its path (often the token).
        assertThat(ChannelFields.hint(ChannelFields.of("webhook").getFirst(), stored)).isEqualTo("https://a.example/…");
    }
}
