package dev.vigil.cli.defs;

import java.util.Map;

/**
 * A crontab written back with each imported line reporting to its job: through {@code vigil run}
 * (start, exit status, output tail, spooled when the server is away) or through curl (start, and the
 * exit status). Everything else is kept as it was. A command with an unescaped {@code %} (cron's
 * standard-input marker) cannot be wrapped safely and is left as it is, with a note.
 */
final class CrontabRewrite {
    private static final String CURL = "curl -fsS -m 10 --retry 3 -o /dev/null ";

    private CrontabRewrite() {}

    /** @param pingUrls each imported job's ping URL by slug; missing ones get a placeholder (a dry run) */
    static String rewrite(Crontab tab, String project, Map<String, String> pingUrls, boolean curl, String vigil) {
        StringBuilder out = new StringBuilder();
        out.append("# Rewritten by vigil import crontab: each job line reports to Vigil (project ").append(project).append(").\n");
        for (Object line : tab.lines()) {
            if (line instanceof Crontab.Other o) {
                if (o.reason() != null) out.append("# vigil: ").append(o.reason()).append('\n');
                out.append(o.text()).append('\n');
                continue;
            }
            Crontab.Entry e = (Crontab.Entry) line;
            String url = pingUrls.getOrDefault(e.slug(), "<ping URL of " + project + "/" + e.slug() + ">");
            if (hasPercent(e.command())) {
                out.append("# vigil: not wrapped: the command uses % (standard input for cron); make it report to ").append(url).append('\n');
                out.append(e.text()).append('\n');
                continue;
            }
            String prefix = e.text().substring(0, e.text().lastIndexOf(e.command()));
            String wrapped = curl
                    ? CURL + url + "/start ; ( " + e.command() + " ) ; " + CURL + url + "/$?"
                    : vigil + " run --ping-url " + url + " -- /bin/sh -c " + quote(e.command());
            out.append(prefix).append(wrapped).append('\n');
        }
        return out.toString();
    }

    private static boolean hasPercent(String command) {
        for (int i = 0; i < command.length(); i++) {
            if (command.charAt(i) == '%' && (i == 0 || command.charAt(i - 1) != '\\')) return true;
        }
        return false;
    }

    /** The text as one single-quoted shell word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
