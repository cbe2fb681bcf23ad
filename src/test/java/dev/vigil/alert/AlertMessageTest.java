package dev.vigil.alert;

import static dev.vigil.alert.Fixtures.BASE_URL;
import static dev.vigil.alert.Fixtures.JOB_UUID;
import static dev.vigil.alert.Fixtures.T0;
import static dev.vigil.alert.Fixtures.backupJob;
import static dev.vigil.alert.Fixtures.missedFlip;
import static dev.vigil.alert.Fixtures.recoveredFlip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.domain.VigilException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

    @Test
    void flip_that_opens_an_incident_makes_a_down_message_with_the_job_and_reason() {
        AlertMessage m = AlertMessage.of(backupJob(), missedFlip(9), BASE_URL, "pg_dump: connection refused");

        assertThat(m.kind()).isEqualTo("down");
        assertThat(m.isDown()).isTrue();
        assertThat(m.jobUuid()).isEqualTo(JOB_UUID);
        assertThat(m.project()).isEqualTo("prod");
        assertThat(m.slug()).isEqualTo("nightly-backup");
        assertThat(m.name()).isEqualTo("Nightly backup");
        assertThat(m.owner()).isEqualTo("alice");
        assertThat(m.tags()).containsExactly("db", "backup");
        assertThat(m.status()).isEqualTo("missed");
        assertThat(m.health()).isEqualTo("healthy");
        assertThat(m.reason()).isEqualTo("no start within grace (expected 02:00 UTC)");
        assertThat(m.since()).isEqualTo(T0);
        assertThat(m.flipId()).isEqualTo(9);
        assertThat(m.jobUrl()).isEqualTo("https://vigil.example.com/ui/p/prod/jobs/nightly-backup");
        assertThat(m.lastOutput()).isEqualTo("pg_dump: connection refused");
    }

    @Test
    void flip_that_resolves_an_incident_makes_an_up_message() {
        AlertMessage m = AlertMessage.of(backupJob(), recoveredFlip(10), BASE_URL, null);

        assertThat(m.kind()).isEqualTo("up");
        assertThat(m.status()).isEqualTo("up");
        assertThat(m.lastOutput()).isNull();
    }

    @Test
    void base_url_with_a_trailing_slash_gives_no_double_slash_in_the_job_url() {
        AlertMessage m = AlertMessage.of(backupJob(), missedFlip(9), BASE_URL + "/", null);

        assertThat(m.jobUrl()).isEqualTo("https://vigil.example.com/ui/p/prod/jobs/nightly-backup");
    }

    @Test
    void json_has_iso_8601_instants_and_reads_back_equal() throws Exception {
        AlertMessage m = AlertMessage.of(backupJob(), missedFlip(9), BASE_URL, "out");

        String json = m.toJson();
        JsonNode tree = new ObjectMapper().readTree(json);

        assertThat(tree.get("since").asText()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(tree.get("jobUuid").asText()).isEqualTo(JOB_UUID.toString());
        assertThat(tree.get("tags")).hasSize(2);
        assertThat(tree.has("down")).as("helper methods are not fields").isFalse();
        assertThat(AlertMessage.fromJson(json)).isEqualTo(m);
    }

    @Test
    void json_from_a_newer_version_with_extra_fields_still_reads() {
        String json = AlertMessage.of(backupJob(), missedFlip(9), BASE_URL, null).toJson()
                .replaceFirst("\\{", "{\"severity\":\"critical\",");

        assertThat(AlertMessage.fromJson(json).tags()).isEqualTo(List.of("db", "backup"));
    }

    @Test
    void json_that_is_not_an_alert_message_is_rejected() {
        assertThatThrownBy(() -> AlertMessage.fromJson("[1,2]"))
                .isInstanceOf(VigilException.class)
                .hasMessageContaining("not an alert message");
    }
}
