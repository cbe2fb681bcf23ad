package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written time texts are exactly what the JDK's formatters print. */
class HumanTest {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static List<Instant> instants() {
        List<Instant> all = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-23T00:19:21.684Z"),
                Instant.parse("2026-11-23T00:19:21Z"), Instant.parse("2026-11-23T00:19:21.000123Z"),
                Instant.parse("2026-11-23T00:19:21.000000001Z"), Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.5Z"),
                Instant.parse("0000-06-01T00:00:00Z"), Instant.parse("-0001-06-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.ofEpochSecond(-1, 1), Instant.MIN, Instant.MAX));
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long seconds = r.nextLong(-62_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            all.add(Instant.ofEpochSecond(seconds, nanos));
        }
        return all;
    }

    @Test
    void iso_is_instant_to_string() {
        for (Instant at : instants()) assertThat(Human.iso(at)).as("%s", at).isEqualTo(at.toString());
        assertThat(Human.iso(null)).isEmpty();
    }

    @Test
    void utc_is_the_pattern_in_utc() {
        for (Instant at : instants()) {
            if (at == Instant.MIN || at == Instant.MAX) continue; // beyond what the formatter's pattern prints
            assertThat(Human.utc(at)).as("%s", at).isEqualTo(UTC.format(at));
        }
        assertThat(Human.utc(null)).isEmpty();
    }
}
