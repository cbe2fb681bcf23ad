package dev.vigil.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An independent, deliberately naive reading of the DST rule for expressions of the form
 * "MINUTE HOUR * * *", minute by minute. Slow and obviously right is its whole point.
 */
record BruteForceOracle(String minute, String hour) {

    static BruteForceOracle of(String expression) {
        String[] f = expression.split(" ");
        if (f.length != 5 || !f[2].equals("*") || !f[3].equals("*") || !f[4].equals("*")) {
            throw new IllegalArgumentException("the oracle only knows MINUTE HOUR * * *: " + expression);
        }
        return new BruteForceOracle(f[0], f[1]);
    }

    boolean matches(LocalDateTime local) {
        return local.getSecond() == 0 && field(minute, local.getMinute(), 59) && field(hour, local.getHour(), 23);
    }

    /** Fire times in [from, to); both must be whole minutes. */
    List<Instant> fires(ZoneId zone, Instant from, Instant to) {
        boolean elapsed = hour.contains("*") || hour.contains("/");
        TreeSet<Instant> fires = new TreeSet<>();
        if (elapsed) {
            for (Instant i = from; i.isBefore(to); i = i.plus(1, ChronoUnit.MINUTES)) {
                if (matches(LocalDateTime.ofInstant(i, zone))) {
                    fires.add(i);
                }
            }
            return new ArrayList<>(fires);
        }
        // Wall clock: local time L fires at the first instant whose local time is L or later.
        Instant gridStart = from.minus(Duration.ofDays(1));
        Instant gridEnd = to.plus(Duration.ofDays(1));
        List<Instant> grid = new ArrayList<>();
        List<LocalDateTime> locals = new ArrayList<>();
        for (Instant i = gridStart; i.isBefore(gridEnd); i = i.plus(1, ChronoUnit.MINUTES)) {
            grid.add(i);
            locals.add(LocalDateTime.ofInstant(i, zone));
        }
        LocalDateTime last = locals.getLast();
        for (LocalDateTime l = locals.getFirst().plusHours(3); l.isBefore(last.minusHours(3)); l = l.plusMinutes(1)) {
            if (matches(l)) {
                for (int k = 0; k < grid.size(); k++) {
                    if (!locals.get(k).isBefore(l)) {
                        if (!grid.get(k).isBefore(from) && grid.get(k).isBefore(to)) {
                            fires.add(grid.get(k));
                        }
                        break;
                    }
                }
            }
        }
        return new ArrayList<>(fires);
    }

    private static boolean field(String text, int value, int max) {
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = Integer.parseInt(part.substring(slash + 1));
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = 0;
                hi = max;
            } else if (range.contains("-")) {
                lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
                hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                lo = Integer.parseInt(range);
                hi = slash >= 0 ? max : lo;
            }
            if (value >= lo && value <= hi && (value - lo) % step == 0) {
                return true;
            }
        }
        return false;
    }
}
