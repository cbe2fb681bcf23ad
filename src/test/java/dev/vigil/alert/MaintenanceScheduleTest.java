package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceScheduleTest {

    private static MaintenanceWindow window(String cron, Duration duration, String zone) {
        return new MaintenanceWindow(1, 1, "w", null, null, cron, duration, zone, "c", "ops", Instant.EPOCH);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void in_force_from_its_start_until_just_before_its_end() {
        MaintenanceWindow daily = window("0 2 * * *", Duration.ofHours(1), "UTC");

        assertThat(MaintenanceSchedule.activeUntil(daily, at("2025-06-01T01:59:59Z"))).isEmpty();
        assertThat(MaintenanceSchedule.activeUntil(daily, at("2025-06-01T02:00:00Z"))).contains(at("2025-06-01T03:00:00Z"));
        assertThat(MaintenanceSchedule.activeUntil(daily, at("2025-06-01T02:59:59.999Z"))).contains(at("2025-06-01T03:00:00Z"));
        assertThat(MaintenanceSchedule.activeUntil(daily, at("2025-06-01T03:00:00Z"))).isEmpty();
    }

    @Test
    void next_start_is_strictly_after_now() {
        MaintenanceWindow daily = window("0 2 * * *", Duration.ofHours(1), "UTC");

        assertThat(MaintenanceSchedule.nextStart(daily, at("2025-06-01T01:00:00Z"))).isEqualTo(at("2025-06-01T02:00:00Z"));
        assertThat(MaintenanceSchedule.nextStart(daily, at("2025-06-01T02:00:00Z"))).isEqualTo(at("2025-06-02T02:00:00Z"));
    }

    @Test
    void a_window_spanning_midnight_is_in_force_on_the_next_day_in_its_zone() {
        // Sundays 23:00 New York time for 3 hours: until 02:00 on Monday, local.
        MaintenanceWindow sunday = window("0 23 * * 0", Duration.ofHours(3), "America/New_York");

        // Monday 2025-06-02 00:30 EDT = 04:30Z; started Sunday 23:00 EDT = 03:00Z.
        assertThat(MaintenanceSchedule.activeUntil(sunday, at("2025-06-02T04:30:00Z"))).contains(at("2025-06-02T06:00:00Z"));
        assertThat(MaintenanceSchedule.activeUntil(sunday, at("2025-06-02T06:00:00Z"))).isEmpty();
        // Sunday 22:59 EDT: not yet.
        assertThat(MaintenanceSchedule.activeUntil(sunday, at("2025-06-02T02:59:00Z"))).isEmpty();
        assertThat(MaintenanceSchedule.nextStart(sunday, at("2025-06-02T04:30:00Z"))).isEqualTo(at("2025-06-09T03:00:00Z"));
    }

    @Test
    void a_start_in_the_skipped_hour_moves_to_the_end_of_the_gap() {
        // Paris springs forward on 2025-03-30 at 02:00 CET to 03:00 CEST: 02:30 does not exist that day.
        MaintenanceWindow nightly = window("30 2 * * *", Duration.ofHours(1), "Europe/Paris");

        assertThat(MaintenanceSchedule.nextStart(nightly, at("2025-03-29T12:00:00Z"))).isEqualTo(at("2025-03-30T01:00:00Z"));
        assertThat(MaintenanceSchedule.activeUntil(nightly, at("2025-03-30T01:30:00Z"))).contains(at("2025-03-30T02:00:00Z"));
        // The day after, 02:30 CEST = 00:30Z again.
        assertThat(MaintenanceSchedule.nextStart(nightly, at("2025-03-30T02:00:00Z"))).isEqualTo(at("2025-03-31T00:30:00Z"));
    }

    @Test
    void a_start_in_the_repeated_hour_happens_once_and_lasts_elapsed_time() {
        // Paris falls back on 2025-10-26 at 03:00 CEST to 02:00 CET: 02:30 is seen twice; the window starts
        // at the first (00:30Z) and lasts 2 hours of elapsed time, not until 04:30 on the wall clock.
        MaintenanceWindow nightly = window("30 2 * * *", Duration.ofHours(2), "Europe/Paris");

        assertThat(MaintenanceSchedule.nextStart(nightly, at("2025-10-26T00:00:00Z"))).isEqualTo(at("2025-10-26T00:30:00Z"));
        // 02:35 CET, the second pass: still the occurrence that began at the first 02:30.
        assertThat(MaintenanceSchedule.activeUntil(nightly, at("2025-10-26T01:35:00Z"))).contains(at("2025-10-26T02:30:00Z"));
        assertThat(MaintenanceSchedule.activeUntil(nightly, at("2025-10-26T02:30:00Z"))).isEmpty();
        assertThat(MaintenanceSchedule.nextStart(nightly, at("2025-10-26T00:30:00Z"))).isEqualTo(at("2025-10-27T01:30:00Z"));
    }

    @Test
    void a_window_longer_than_its_interval_is_in_force_until_the_latest_start_ends() {
        MaintenanceWindow hourly = window("0 * * * *", Duration.ofMinutes(90), "UTC");

        assertThat(MaintenanceSchedule.activeUntil(hourly, at("2025-06-01T10:15:00Z"))).contains(at("2025-06-01T11:30:00Z"));
    }
}
