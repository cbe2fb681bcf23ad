package dev.vigil.web.ui;

import dev.vigil.domain.ValidationException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The parameter overrides of the run-now form: one field {@code param.NAME} per declared parameter
 * (only values that differ from the default count as overrides) and a free text field
 * {@value #EXTRA} of {@code NAME=value} lines. Names are checked here so that a bad one names the
 * field it came from; which names the job accepts is {@link dev.vigil.ingest.RunControl}'s rule.
 */
final class RunParams {
    static final String PREFIX = "param.";
    static final String EXTRA = "extra";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_VALUE = 4_096;

    private RunParams() {}

    static Map<String, String> read(Context ctx, Map<String, String> defaults) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet()) {
            if (!e.getKey().startsWith(PREFIX) || e.getValue().isEmpty()) continue;
            String name = e.getKey().substring(PREFIX.length());
            String value = e.getValue().getLast();
            check(e.getKey(), name, value, "");
            if (!value.equals(defaults.get(name))) out.put(name, value);
        }
        String extra = ctx.formParam(EXTRA);
        if (extra == null) return out;
        String[] lines = extra.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = "line " + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq < 0) throw new ValidationException(EXTRA, where + "write NAME=value, got '" + line + "'");
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1);
            check(EXTRA, name, value, where);
            out.put(name, value);
        }
        return out;
    }

    private static void check(String field, String name, String value, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException(field, where + "'" + name + "' is not a valid parameter name: use letters, digits and _, not starting with a digit");
        }
        if (value.length() > MAX_VALUE) {
            throw new ValidationException(field, where + "the value of " + name + " is longer than " + MAX_VALUE + " characters");
        }
    }
}
