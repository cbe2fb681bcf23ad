package dev.vigil.cli.defs;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A crontab read line by line, as cron reads it: comments, blank lines, environment lines
 * ({@code NAME=value}; {@code CRON_TZ} sets the time zone of the lines after it, as cronie does),
 * {@code @daily}-style macros, and five-field schedules. A system crontab ({@code /etc/crontab},
 * {@code /etc/cron.d/*}) has a user field before the command.
 */
public final class Crontab {
    /** A job line. @param comment the comment right above it (its name), or null */
    public record Entry(int line, String text, String cron, ZoneId zone, String user, String command, String comment,
                        String slug) {}

    /** A line that is not imported, and why (null: a comment, blank or environment line, kept as it is). */
    public record Other(int line, String text, String reason) {}

    private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final Pattern ENV = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)$");
    /** Words that only wrap the command that names the job. */
    private static final Set<String> WRAPPERS = Set.of("sudo", "nice", "ionice", "env", "nohup", "exec", "time", "timeout",
            "flock", "chronic", "sh", "bash", "dash", "zsh", "python", "python3", "perl", "ruby", "node", "php", "java",
            "run-parts", "cronic", "setlock", "su");

    /** Options of those wrappers that take a value: {@code sudo -u app}, {@code flock -w 10}. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-u", "-g", "-w", "-E", "-k", "-s");

    private final List<Object> lines;

    private Crontab(List<Object> lines) {
        this.lines = lines;
    }

    /** Each line of the file: an {@link Entry}, an {@link Other}, in order. */
    public List<Object> lines() {
        return lines;
    }

    public List<Entry> entries() {
        return lines.stream().filter(Entry.class::isInstance).map(Entry.class::cast).toList();
    }

    /**
     * @param zone   the time zone of lines before any {@code CRON_TZ}: cron's own, the machine's
     * @param system true for a system crontab, whose lines carry a user before the command
     */
    public static Crontab parse(String text, ZoneId zone, boolean system) {
        List<Object> out = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        String comment = null;
        String[] rows = text.split("\r?\n", -1);
        int count = rows.length > 0 && rows[rows.length - 1].isEmpty() ? rows.length - 1 : rows.length;
        for (int i = 0; i < count; i++) {
            String row = rows[i];
            int n = i + 1;
            String trimmed = row.strip();
            if (trimmed.isEmpty()) {
                comment = null;
                out.add(new Other(n, row, null));
                continue;
            }
            if (trimmed.startsWith("#")) {
                String c = trimmed.substring(1).strip();
                comment = c.isEmpty() ? null : c;
                out.add(new Other(n, row, null));
                continue;
            }
            var env = ENV.matcher(row);
            if (env.matches()) {
                if (env.group(1).equals("CRON_TZ")) {
                    String tz = unquote(env.group(2).strip());
                    try {
                        zone = ZoneId.of(tz);
                    } catch (java.time.DateTimeException e) {
                        out.add(new Other(n, row, "CRON_TZ '" + tz + "' is not a time zone; the lines after it keep " + zone));
                        comment = null;
                        continue;
                    }
                }
                out.add(new Other(n, row, null));
                comment = null;
                continue;
            }
            String[] words = trimmed.split("\\s+");
            String cron;
            int commandFrom;
            if (words[0].startsWith("@")) {
                String macro = words[0].toLowerCase(Locale.ROOT);
                if (macro.equals("@reboot")) {
                    out.add(new Other(n, row, "@reboot has no schedule to watch; not imported"));
                    comment = null;
                    continue;
                }
                cron = MACROS.get(macro);
                if (cron == null) {
                    out.add(new Other(n, row, "unknown macro " + words[0] + "; not imported"));
                    comment = null;
                    continue;
                }
                commandFrom = 1;
            } else {
                if (words.length < 6) {
                    out.add(new Other(n, row, "not a cron line (five time fields and a command); not imported"));
                    comment = null;
                    continue;
                }
                cron = String.join(" ", List.of(words).subList(0, 5));
                commandFrom = 5;
            }
            String user = null;
            if (system) {
                if (words.length <= commandFrom + 1) {
                    out.add(new Other(n, row, "a system crontab line needs a user and a command; not imported"));
                    comment = null;
                    continue;
                }
                user = words[commandFrom];
                commandFrom++;
            }
            if (words.length <= commandFrom) {
                out.add(new Other(n, row, "has no command; not imported"));
                comment = null;
                continue;
            }
            String command = commandAfter(trimmed, commandFrom);
            String slug = unique(slugOf(command), slugs);
            out.add(new Entry(n, row, cron, zone, user, command, comment, slug));
            comment = null;
        }
        return new Crontab(out);
    }

    /** The rest of the line after the first {@code words} words, spacing kept. */
    private static String commandAfter(String line, int words) {
        int i = 0;
        for (int w = 0; w < words; w++) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) i++;
        }
        return line.substring(i).strip();
    }

    /**
     * A slug from what the command runs: the first program that is not a {@code cd}, a wrapper
     * ({@code sudo}, {@code nice}, {@code sh -c}, an interpreter …), an option or an environment
     * assignment; its file name without extension.
     */
    static String slugOf(String command) {
        for (String segment : command.split("&&|\\|\\||;|\\|")) {
            String[] words = segment.strip().replace("'", " ").replace("\"", " ").split("\\s+");
            if (words.length == 0 || words[0].isEmpty() || words[0].equals("cd")) continue;
            boolean skipNext = false;
            for (String w : words) {
                if (skipNext) {
                    skipNext = false;
                    continue;
                }
                if (OPTIONS_WITH_VALUE.contains(w)) {
                    skipNext = true;
                    continue;
                }
                if (w.isEmpty() || w.startsWith("-") || w.contains("=") || w.startsWith(">") || w.startsWith("<")
                        || w.matches("\\d+[smhd]?")) continue;
                String base = w.substring(w.lastIndexOf('/') + 1);
                if (base.equals("flock")) skipNext = true; // its lock file
                if (WRAPPERS.contains(base) || base.isEmpty()) continue;
                base = base.replaceFirst("\\.(sh|bash|py|pl|rb|js|php|jar|ps1|cmd)$", "");
                String slug = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
                if (!slug.isEmpty()) return slug.length() > 60 ? slug.substring(0, 60) : slug;
            }
        }
        return "cron-job";
    }

    private static String unique(String slug, Set<String> taken) {
        String s = slug;
        for (int i = 2; !taken.add(s); i++) s = slug + "-" + i;
        return s;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
