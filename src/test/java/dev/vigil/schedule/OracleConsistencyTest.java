package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.between;
import static dev.vigil.schedule.CronFixtures.cron;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** next() and previous() against a minute-by-minute oracle, around every 2025 transition of several zones. */
class OracleConsistencyTest {

    private static final List<String> EXPRESSIONS = List.of(
            "*/30 * * * *", "0 */2 * * *", "15 * * * *", "0 0-23/3 * * *", "30 2 * * *", "0,30 1,2 * * *",
            "* 2 * * *", "45 1 * * *", "*/7 1-3 * * *", "0 0 * * *", "59 23 * * *");
    private static final List<String> ZONES = List.of(
            "America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe",
            "America/St_Johns", "Pacific/Chatham", "Europe/Dublin", "America/Santiago", "UTC");

    @Test
    void next_and_previous_agree_with_brute_force_around_every_transition() {
        int compared = 0;
        for (String zoneId : ZONES) {
            ZoneId zone = ZoneId.of(zoneId);
            for (Instant window : windows(zone)) {
                Instant from = window.minus(Duration.ofDays(1));
                Instant to = window.plus(Duration.ofDays(2));
                for (String expression : EXPRESSIONS) {
                    List<Instant> expected = BruteForceOracle.of(expression).fires(zone, from, to);
                    FireTimes t = cron(expression, zoneId);
                    String what = expression + " in " + zoneId + " around " + window;
                    assertThat(between(t, from, to)).as(what).containsExactlyElementsOf(expected);
                    checkPrevious(t, expected, to, what);
                    compared += expected.size();
                }
            }
        }
        assertThat(compared).as("fire times compared").isGreaterThan(5_000);
    }

    /** For every minute after the first expected fire, previous() is the latest expected fire up to it. */
    private static void checkPrevious(FireTimes t, List<Instant> expected, Instant to, String what) {
        if (expected.isEmpty()) {
            return;
        }
        int k = 0;
        for (Instant x = expected.getFirst(); x.isBefore(to); x = x.plus(1, ChronoUnit.MINUTES)) {
            while (k + 1 < expected.size() && !expected.get(k + 1).isAfter(x)) {
                k++;
            }
            assertThat(t.previous(x)).as("%s: previous(%s)", what, x).contains(expected.get(k));
        }
    }

    /** The 2025 transitions of the zone, or one ordinary date for a zone without any. */
    private static List<Instant> windows(ZoneId zone) {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        ZoneOffsetTransition first = zone.getRules().nextTransition(start);
        if (first == null) {
            return List.of(Instant.parse("2025-03-09T00:00:00Z"));
        }
        ZoneOffsetTransition second = zone.getRules().nextTransition(first.getInstant());
        return List.of(first.getInstant().truncatedTo(ChronoUnit.HOURS), second.getInstant().truncatedTo(ChronoUnit.HOURS));
    }
}
