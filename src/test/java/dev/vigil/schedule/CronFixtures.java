package dev.vigil.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Short helpers so that tests read as schedule, zone and expected instants. */
final class CronFixtures {

    private CronFixtures() {
    }

    static FireTimes cron(String expression, String zone) {
        return Schedules.fireTimes(Schedules.parseCron(expression, zone));
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static List<Instant> instants(String... texts) {
        List<Instant> out = new ArrayList<>();
        for (String t : texts) {
            out.add(Instant.parse(t));
        }
        return out;
    }

    /** All fire times in [from, to), found by walking next(). */
    static List<Instant> between(FireTimes times, Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        Instant cursor = from.minusNanos(1);
        while (true) {
            Instant n = times.next(cursor).orElse(null);
            if (n == null || !n.isBefore(to)) {
                return out;
            }
            out.add(n);
            cursor = n;
        }
    }
}
