package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Paths in the server's log never carry what can ping (PRODUCT.md §9). */
class LoggedPathTest {

    @Test
    void a_ping_path_is_logged_without_its_uuid_or_ping_key() {
        assertThat(Errors.loggable("/ping/0b6a3c1e-6a7d-4f0e-9d53-6f2f6a1b2c3d/fail")).isEqualTo("/ping/***/fail");
        assertThat(Errors.loggable("/ping/pk_0123456789abcdefghij/backup/start")).isEqualTo("/ping/***/backup/start");
        assertThat(Errors.loggable("/ping/0b6a3c1e-6a7d-4f0e-9d53-6f2f6a1b2c3d")).isEqualTo("/ping/***");
        assertThat(Errors.loggable("/api/v1/jobs/prod/backup")).isEqualTo("/api/v1/jobs/prod/backup");
        java.util.UUID uuid = java.util.UUID.fromString("0b6a3c1e-6a7d-4f0e-9d53-6f2f6a1b2c3d");
        assertThat(Errors.loggable("/api/v3/checks/" + uuid + "/pause"))
                .isEqualTo("/api/v3/checks/" + dev.vigil.domain.Job.uniqueKey(uuid) + "/pause");
    }
}
