package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.at;
import static dev.vigil.schedule.CronFixtures.between;
import static dev.vigil.schedule.CronFixtures.cron;
import static dev.vigil.schedule.CronFixtures.instants;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Australia/Sydney 2025 (southern hemisphere): 03:00 AEDT (+11) → 02:00 AEST (+10) on 6 April
 * (16:00Z on 5 April); 02:00 AEST → 03:00 AEDT on 5 October (16:00Z on 4 October).
 */
class SydneyDstTest {

    private static final String SYDNEY = "Australia/Sydney";

    @Test
    void fixed_time_in_repeated_hour_in_april_fires_only_at_first_occurrence() {
        assertThat(cron("30 2 * * *", SYDNEY).next(at("2025-04-04T00:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-04-04T15:30:00Z",   // 5 April 02:30 AEDT
                "2025-04-05T15:30:00Z",   // 6 April 02:30 AEDT; not again at 16:30Z (02:30 AEST)
                "2025-04-06T16:30:00Z")); // 7 April 02:30 AEST
    }

    @Test
    void fixed_time_in_spring_forward_gap_in_october_fires_once_at_end_of_gap() {
        assertThat(cron("30 2 * * *", SYDNEY).next(at("2025-10-03T00:00:00Z"), 3)).containsExactlyElementsOf(instants(
                "2025-10-03T16:30:00Z",   // 4 October 02:30 AEST
                "2025-10-04T16:00:00Z",   // 5 October: 02:30 does not exist; 03:00 AEDT
                "2025-10-05T15:30:00Z")); // 6 October 02:30 AEDT
    }

    @Test
    void every_half_hour_counts_50_in_april_and_46_in_october() {
        FireTimes t = cron("*/30 * * * *", SYDNEY);
        // 6 April local midnight is 13:00Z on the 5th (+11); 7 April midnight is 14:00Z on the 6th (+10).
        assertThat(between(t, at("2025-04-05T13:00:00Z"), at("2025-04-06T14:00:00Z"))).hasSize(50);
        assertThat(between(t, at("2025-10-04T14:00:00Z"), at("2025-10-05T13:00:00Z"))).hasSize(46);
    }

    @Test
    void every_half_hour_fires_twice_in_the_repeated_hour() {
        assertThat(cron("*/30 * * * *", SYDNEY).next(at("2025-04-05T15:00:00Z"), 4)).containsExactlyElementsOf(instants(
                "2025-04-05T15:30:00Z",   // 02:30 AEDT
                "2025-04-05T16:00:00Z",   // 02:00 AEST
                "2025-04-05T16:30:00Z",   // 02:30 AEST
                "2025-04-05T17:00:00Z")); // 03:00 AEST
    }

    @Test
    void hour_step_skips_the_missing_two_oclock_in_october() {
        assertThat(cron("0 */2 * * *", SYDNEY).next(at("2025-10-04T14:00:00Z"), 2)).containsExactlyElementsOf(instants(
                "2025-10-04T17:00:00Z",   // 04:00 AEDT
                "2025-10-04T19:00:00Z"));
    }
}
