package dev.vigil.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The id that names a job where its uuid, which can ping, must not appear (PRODUCT.md §9). */
class JobUniqueKeyTest {
    static final UUID UUID_1 = UUID.fromString("0b6a3c1e-6a7d-4f0e-9d53-6f2f6a1b2c3d");

    @Test
    void the_unique_key_is_stable_32_hex_digits_that_differ_per_job_and_do_not_contain_the_uuid() {
        String key = Job.uniqueKey(UUID_1);

        assertThat(key).matches("[0-9a-f]{32}").isEqualTo(Job.uniqueKey(UUID.fromString(UUID_1.toString().toUpperCase())));
        assertThat(key).isEqualTo("ca272716600136104ad076db1501acb1"); // documented in docs/alerting.md: never changes
        assertThat(Job.uniqueKey(UUID.randomUUID())).isNotEqualTo(key);
        assertThat(key).doesNotContain(UUID_1.toString().replace("-", "").substring(0, 8));
    }

    @Test
    void keys_stored_by_earlier_versions_show_the_unique_key_in_place_of_the_uuid() {
        assertThat(Job.withUniqueKeys("vigil-" + UUID_1 + "-9-trigger-critical-3"))
                .isEqualTo("vigil-ca272716600136104ad076db1501acb1-9-trigger-critical-3");
        assertThat(Job.withUniqueKeys("vigil-ca272716600136104ad076db1501acb1-9-s1-3"))
                .isEqualTo("vigil-ca272716600136104ad076db1501acb1-9-s1-3");
        assertThat(Job.withUniqueKeys(null)).isNull();
    }

    @Test
    void a_job_a_project_and_a_ping_reference_print_without_their_secrets() {
        Job job = new Job(42, UUID_1, 7, "prod", "backup", "Backup", null, null, List.of(),
                new Schedule.Every(Duration.ofHours(1)), null, null, null, HealthPolicy.DEFAULT, Instant.EPOCH, Instant.EPOCH,
                new Execution(new Execution.Shell("backup.sh"), null, Map.of("TOKEN", "t0ken"), null, 0, null,
                        Execution.Overlap.QUEUE, Execution.CatchUp.LATEST, null, List.of(), List.of(), Map.of()));
        Project project = new Project(7, "prod", "Production", "pk_secret_ping_key", Instant.EPOCH);

        assertThat(job.toString()).isEqualTo("Job[prod/backup, id 42]");
        assertThat(new Command.Define(job).toString()).doesNotContain(UUID_1.toString()).doesNotContain("t0ken");
        assertThat(project.toString()).isEqualTo("Project[prod, id 7]");
        assertThat(new Command.ByUuid(UUID_1).toString()).isEqualTo("ByUuid[job ca272716600136104ad076db1501acb1]");
        assertThat(new Command.BySlug("pk_secret_ping_key", "backup", true).toString()).doesNotContain("pk_secret_ping_key");
    }
}
