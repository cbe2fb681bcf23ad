package dev.vigil.web.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRefsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AT = "projects.prod.channels[0].config";

    @TempDir
    Path dir;

    private static ObjectNode config(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void values_by_reference_are_read_and_where_they_came_from_is_kept() throws Exception {
        Files.writeString(dir.resolve("password"), "from-a-file\n");
        ObjectNode given = config("""
                {"url": "https://am.example.org", "bearerToken": {"fromEnv": "AM_TOKEN"},
                 "basicAuth": {"username": "vigil", "password": {"fromFile": "password"}}}""");

        SecretRefs.Resolved r = SecretRefs.resolve(given, AT, Map.of("AM_TOKEN", "t0ken"), dir);

        assertThat(r.config()).isEqualTo(config("""
                {"url": "https://am.example.org", "bearerToken": "t0ken", "basicAuth": {"username": "vigil", "password": "from-a-file"}}"""));
        assertThat(r.refs()).containsExactlyInAnyOrderEntriesOf(Map.of("bearerToken", "env:AM_TOKEN", "basicAuth.password", "file:password"));
        assertThat(given.get("bearerToken").isObject()).as("the given config is left as it was").isTrue();
        assertThat(SecretRefs.reference(r.refs().get("basicAuth.password"))).isEqualTo(config("{\"fromFile\": \"password\"}"));
    }

    @Test
    void each_error_names_the_field() throws Exception {
        assertThatThrownBy(() -> SecretRefs.resolve(config("{\"secret\": {\"fromEnv\": \"UNSET_X\"}}"), AT, Map.of(), dir))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo(AT + ".secret");
                    assertThat(e.getMessage()).contains("UNSET_X is not set");
                });
        assertThatThrownBy(() -> SecretRefs.resolve(config("{\"a\": {\"b\": {\"fromFile\": \"missing\"}}}"), AT, Map.of(), dir))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(AT + ".a.b"));
        assertThatThrownBy(() -> SecretRefs.resolve(config("{\"s\": {\"fromEnv\": \"X\", \"more\": 1}}"), AT, Map.of("X", "x"), dir))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(AT + ".s"));
        assertThatThrownBy(() -> SecretRefs.resolve(config("{\"s\": {\"fromEnv\": \"not a name\"}}"), AT, Map.of(), dir))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(AT + ".s.fromEnv"));
    }

    @Test
    void a_field_below_a_secret_one_is_secret() {
        assertThat(SecretRefs.isSecret("headers.Authorization", java.util.Set.of("headers"))).isTrue();
        assertThat(SecretRefs.isSecret("headersX", java.util.Set.of("headers"))).isFalse();
        assertThat(SecretRefs.isRef("env:A_1")).isTrue();
        assertThat(SecretRefs.isRef("file:/run/secrets/x")).isTrue();
        assertThat(SecretRefs.isRef("vault:x")).isFalse();
    }
}
