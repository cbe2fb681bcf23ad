package dev.vigil.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict reader of the Prometheus text format (0.0.4), for tests: every line is a HELP, a TYPE or
 * a sample of a family whose TYPE came first; label names and values are well formed; no series
 * appears twice; values are numbers. Any departure throws, naming the line.
 */
public final class PromText {
    /** A sample's identity: its name and labels, sorted. */
    public record Series(String name, Map<String, String> labels) {
        public String label(String name) { return labels.get(name); }
    }

    private final Map<Series, Double> samples = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    private PromText() {}

    public static PromText parse(String text) {
        PromText p = new PromText();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (i != lines.length - 1) throw fail(i, line, "an empty line inside the text");
                continue;
            }
            try {
                p.line(line);
            } catch (RuntimeException e) {
                throw fail(i, line, e.getMessage());
            }
        }
        if (!text.endsWith("\n")) throw new IllegalArgumentException("the text does not end with a newline");
        return p;
    }

    private void line(String line) {
        if (line.startsWith("# HELP ")) {
            name(line.substring(7).split(" ", 2)[0]);
        } else if (line.startsWith("# TYPE ")) {
            String[] parts = line.substring(7).split(" ");
            if (parts.length != 2) throw new IllegalArgumentException("TYPE needs a name and a type");
            if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1])) {
                throw new IllegalArgumentException("unknown type " + parts[1]);
            }
            if (types.put(name(parts[0]), parts[1]) != null) throw new IllegalArgumentException("a second TYPE for " + parts[0]);
        } else if (line.startsWith("#")) {
            // a comment
        } else {
            sample(line);
        }
    }

    private void sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
        String name = name(line.substring(0, i));
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) throw new IllegalArgumentException("bad label name " + label);
                if (line.charAt(eq + 1) != '"') throw new IllegalArgumentException("a label value must be quoted");
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(switch (next) {
                            case 'n' -> '\n';
                            case '\\' -> '\\';
                            case '"' -> '"';
                            default -> throw new IllegalArgumentException("bad escape \\" + next);
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) throw new IllegalArgumentException("label " + label + " twice");
                i = j + 1;
                if (line.charAt(i) == ',') i++;
                else if (line.charAt(i) != '}') throw new IllegalArgumentException("expected , or } after a label");
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') throw new IllegalArgumentException("expected a space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) throw new IllegalArgumentException("more than a value and a timestamp");
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        if (rest.length == 2) Long.parseLong(rest[1]);
        String family = family(name);
        if (family == null) throw new IllegalArgumentException("a sample of " + name + " before its TYPE");
        if (samples.put(new Series(name, labels), value) != null) throw new IllegalArgumentException("the series appears twice");
    }

    /** The family a sample belongs to, by its TYPE and the suffixes that type allows. */
    private String family(String name) {
        if (types.containsKey(name)) return name;
        for (String suffix : List.of("_total", "_created", "_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if (type == null) continue;
                boolean allowed = switch (suffix) {
                    case "_total", "_created" -> type.equals("counter");
                    case "_bucket" -> type.equals("histogram");
                    default -> type.equals("histogram") || type.equals("summary");
                };
                if (allowed) return base;
            }
        }
        return null;
    }

    private static String name(String name) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) throw new IllegalArgumentException("bad metric name " + name);
        return name;
    }

    private static IllegalArgumentException fail(int index, String line, String why) {
        return new IllegalArgumentException("line " + (index + 1) + ": " + why + ": " + line);
    }

    /** The value of the one series with this name and exactly these labels (name, value pairs); null if absent. */
    public Double value(String name, String... labels) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) want.put(labels[i], labels[i + 1]);
        return samples.get(new Series(name, want));
    }

    /** Every series of this sample name. */
    public List<Series> series(String name) {
        return samples.keySet().stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Every family declared by a TYPE line, with its type. */
    public Map<String, String> types() {
        return types;
    }

    public Map<Series, Double> samples() {
        return samples;
    }
}
