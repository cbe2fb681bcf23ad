package dev.vigil.alert;

import static dev.vigil.alert.Fixtures.BASE_URL;
import static dev.vigil.alert.Fixtures.JOB_UUID;
import static dev.vigil.alert.Fixtures.backupJob;
import static dev.vigil.alert.Fixtures.missedFlip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.domain.VigilException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

    @Test
    void kind_is_up_only_for_a_resolve_so_receivers_written_before_incidents_still_work() {
        assertThat(Messages.trigger().kind()).isEqualTo("down");
        assertThat(Messages.acknowledge().kind()).isEqualTo("down");
        assertThat(Messages.resolve().kind()).isEqualTo("up");
        assertThat(Messages.resolve().isDown()).isFalse();
    }

    @Test
    void job_url_points_at_the_dashboard_without_a_double_slash() {
        assertThat(AlertMessage.jobUrl(BASE_URL + "/", "prod", "nightly-backup"))
                .isEqualTo("https://vigil.example.com/ui/p/prod/jobs/nightly-backup");
        assertThat(AlertMessage.incidentKey("a1b2", 31)).isEqualTo("vigil-a1b2-31");
    }

    @Test
    void last_output_lines_are_the_tail_within_both_limits() {
        AlertMessage m = Messages.trigger();

        assertThat(m.lastOutputLines(1, 1_000)).isEqualTo("pg_dump: error: connection to server failed");
        assertThat(m.lastOutputLines(10, 1_000)).isEqualTo("dumping schema public\npg_dump: error: connection to server failed");
        assertThat(m.lastOutputLines(10, 10)).isEqualTo("…er failed").hasSize(10);
    }

    @Test
    void json_has_iso_8601_instants_and_reads_back_equal() throws Exception {
        AlertMessage m = Fixtures.message(backupJob(), missedFlip(9), BASE_URL, "out");

        String json = m.toJson();
        JsonNode tree = new ObjectMapper().readTree(json);

        assertThat(tree.get("since").asText()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(tree.get("jobUniqueKey").asText()).isEqualTo(backupJob().uniqueKey());
        assertThat(json).as("receivers must not be able to ping").doesNotContain(JOB_UUID.toString()).doesNotContain("jobUuid");
        assertThat(tree.get("tags")).hasSize(2);
        assertThat(tree.has("down")).as("helper methods are not fields").isFalse();
        assertThat(AlertMessage.fromJson(json)).isEqualTo(m);
    }

    @Test
    void json_from_a_newer_version_with_extra_fields_still_reads() {
        String json = Fixtures.message(backupJob(), missedFlip(9), BASE_URL, null).toJson()
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
