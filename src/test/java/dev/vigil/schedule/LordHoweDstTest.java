package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.at;
import static dev.vigil.schedule.CronFixtures.between;
import static dev.vigil.schedule.CronFixtures.cron;
import static dev.vigil.schedule.CronFixtures.instants;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Australia/Lord_Howe shifts by 30 minutes: 02:00 (+11) → 01:30 (+10:30) on 6 April 2025 (15:00Z on
 * the 5th), 02:00 (+10:30) → 02:30 (+11) on 5 October 2025 (15:30Z on the 4th).
 */
class LordHoweDstTest {

    private static final String LORD_HOWE = "Australia/Lord_Howe";

    @Test
    void fixed_time_in_repeated_half_hour_fires_only_at_first_occurrence() {
        assertThat(cron("45 1 * * *", LORD_HOWE).next(at("2025-04-04T12:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-04-04T14:45:00Z",   // 5 April 01:45 (+11)
                "2025-04-05T14:45:00Z",   // 6 April 01:45 (+11), not again at 15:15Z (+10:30)
                "2025-04-06T15:15:00Z")); // 7 April 01:45 (+10:30)
    }

    @Test
    void fixed_time_in_half_hour_gap_fires_at_end_of_gap() {
        assertThat(cron("15 2 * * *", LORD_HOWE).next(at("2025-10-03T12:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-10-03T15:45:00Z",   // 4 October 02:15 (+10:30)
                "2025-10-04T15:30:00Z",   // 5 October 02:30 (+11), the end of the gap
                "2025-10-05T15:15:00Z")); // 6 October 02:15 (+11)
    }

    @Test
    void every_half_hour_fires_twice_at_half_past_one_when_clocks_go_back() {
        assertThat(cron("*/30 * * * *", LORD_HOWE).next(at("2025-04-05T14:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-04-05T14:30:00Z", "2025-04-05T15:00:00Z", "2025-04-05T15:30:00Z")); // 01:30, 01:30, 02:00
    }

    @Test
    void hourly_skips_the_hour_that_falls_in_the_gap() {
        assertThat(cron("0 * * * *", LORD_HOWE).next(at("2025-10-04T14:30:00Z"), 2)).containsExactlyElementsOf(instants(
                "2025-10-04T16:00:00Z",   // 03:00 (+11); 02:00 did not exist
                "2025-10-04T17:00:00Z"));
    }

    @Test
    void every_half_hour_counts_49_and_47_on_the_transition_days() {
        FireTimes t = cron("*/30 * * * *", LORD_HOWE);
        // 6 April runs from 13:00Z (+11) to 13:30Z (+10:30) the next day: 24.5 hours.
        assertThat(between(t, at("2025-04-05T13:00:00Z"), at("2025-04-06T13:30:00Z"))).hasSize(49);
        // 5 October runs from 13:30Z (+10:30) to 13:00Z (+11) the next day: 23.5 hours.
        assertThat(between(t, at("2025-10-04T13:30:00Z"), at("2025-10-05T13:00:00Z"))).hasSize(47);
    }
}
