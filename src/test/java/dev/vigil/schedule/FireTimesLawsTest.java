package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.at;
import static dev.vigil.schedule.CronFixtures.cron;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The relations between next() and previous() that the monitor relies on, over many cases. */
class FireTimesLawsTest {

    private static final List<String> EXPRESSIONS = List.of(
            "30 2 * * *", "30 1 * * *", "*/30 * * * *", "0 */2 * * *", "0,30 2 * * *", "15 * * * *",
            "0 9 * * 1-5", "0 0 13 * 5", "*/20 * * * * *", "0 0 1 * *", "45 1 * * 0");
    private static final List<String> ZONES = List.of(
            "UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe");
    // Around the 2025 transitions of all zones above, plus ordinary days.
    private static final List<String> WINDOWS = List.of(
            "2025-03-08T20:00:00Z", "2025-03-29T20:00:00Z", "2025-04-05T10:00:00Z", "2025-10-04T10:00:00Z",
            "2025-10-25T20:00:00Z", "2025-11-02T00:00:00Z", "2025-06-15T00:00:00Z");

    @Test
    void previous_of_next_is_next_and_previous_leaves_no_fire_time_before_the_argument() {
        for (String zone : ZONES) {
            for (String expression : EXPRESSIONS) {
                FireTimes t = cron(expression, zone);
                for (String window : WINDOWS) {
                    for (Instant x = at(window); x.isBefore(at(window).plus(Duration.ofHours(14)));
                            x = x.plus(Duration.ofSeconds(17 * 60 + 13))) {
                        Instant next = t.next(x).orElseThrow();
                        assertThat(next).as("%s %s next(%s)", expression, zone, x).isAfter(x);
                        assertThat(t.previous(next)).as("%s %s previous(next(%s))", expression, zone, x).contains(next);
                        Instant previous = t.previous(x).orElseThrow();
                        assertThat(previous).as("%s %s previous(%s)", expression, zone, x).isBeforeOrEqualTo(x);
                        assertThat(t.next(previous).orElseThrow()).as("%s %s: fire between previous and %s", expression, zone, x)
                                .isAfter(x);
                    }
                }
            }
        }
    }

    @Test
    void next_with_count_is_strictly_increasing() {
        for (String zone : ZONES) {
            for (String expression : EXPRESSIONS) {
                List<Instant> fires = cron(expression, zone).next(at("2025-03-01T00:00:00Z"), 400);
                assertThat(fires).hasSize(400);
                for (int i = 1; i < fires.size(); i++) {
                    assertThat(fires.get(i)).as("%s %s #%d", expression, zone, i).isAfter(fires.get(i - 1));
                }
            }
        }
    }

    @Test
    void previous_of_an_instant_with_nanoseconds_finds_the_whole_second_fire_time() {
        FireTimes t = cron("0 0 * * *", "UTC");
        assertThat(t.previous(at("2025-01-01T00:00:00.5Z"))).contains(at("2025-01-01T00:00:00Z"));
        assertThat(t.next(at("2024-12-31T23:59:59.999Z"))).contains(at("2025-01-01T00:00:00Z"));
    }
}
