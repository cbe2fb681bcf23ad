package dev.vigil.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower-case wire names of enums with an error that lists the accepted values. */
public final class Enums {
    private Enums() {}

    public static <E extends Enum<E>> E fromWire(Class<E> type, String s, String field) {
        if (s != null) {
            String wanted = s.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(wanted)) return e;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new ValidationException(field, "'" + s + "' is not one of: " + allowed);
    }
}
