package dev.vigil.web.ui;

import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import java.util.List;

/**
 * How a watched job reports, ready to paste: its ping URL and snippets that report the start, then
 * the exit status with the end of the output (docs/pings.md), for crontab + curl, {@code vigil run},
 * Python and PowerShell. Holds the ping URL, a secret: only for those who may see it ({@code Sight}).
 */
public record ReportSnippets(String pingUrl, List<Snippet> snippets) {

    /** One way to report: {@code id} names it in the page, {@code label} in the menu. */
    public record Snippet(String id, String label, String text) {}

    static ReportSnippets of(Job job, String baseUrl) {
        String url = baseUrl + "/ping/" + job.uuid();
        return new ReportSnippets(url, List.of(
                new Snippet("crontab", "crontab + curl", crontab(job, url)),
                new Snippet("vigil-run", "vigil run", vigilRun(job, baseUrl, url)),
                new Snippet("python", "Python", python(url)),
                new Snippet("powershell", "PowerShell", powershell(url))));
    }

    private static String crontab(Job job, String url) {
        String when = cron(job.schedule());
        String note = job.schedule() instanceof Schedule.Cron c
                ? "# crontab -e (the machine's time zone; Vigil expects this job in " + c.zone().getId() + ")"
                : when.equals(SOME_TIME) ? "# crontab -e (set the time to match the job's schedule)" : "# crontab -e";
        return note + "\n# reports the start, then the exit status ($rc) with the output\n"
                + when + " URL=" + url + "; curl -fsS -m 10 --retry 5 -o /dev/null \"$URL/start\";"
                + " out=$(/path/to/command 2>&1); rc=$?;"
                + " curl -fsS -m 10 --retry 5 -o /dev/null --data-raw \"$out\" \"$URL/$rc\"";
    }

    private static final String SOME_TIME = "0 2 * * *";

    /** The job's cron expression; an interval that divides an hour or a day as cron writes it; else a time to set. */
    static String cron(Schedule schedule) {
        return switch (schedule) {
            case Schedule.Cron c -> c.expression();
            case Schedule.Every e -> {
                long s = e.interval().toSeconds();
                if (s % 60 != 0) yield SOME_TIME;
                long minutes = s / 60;
                if (minutes < 60 && 60 % minutes == 0) yield minutes == 1 ? "* * * * *" : "*/" + minutes + " * * * *";
                if (minutes % 60 == 0 && minutes < 1440 && 24 % (minutes / 60) == 0) yield minutes == 60 ? "0 * * * *" : "0 */" + minutes / 60 + " * * *";
                yield minutes == 1440 ? "0 0 * * *" : SOME_TIME;
            }
            case Schedule.None n -> SOME_TIME;
        };
    }

    private static String vigilRun(Job job, String baseUrl, String url) {
        return "# with the ping URL, no API key needed\n"
                + "vigil run --ping-url " + url + " -- /path/to/command\n\n"
                + "# or through the API, with a key of role operator or above\n"
                + "export VIGIL_SERVER=" + baseUrl + " VIGIL_KEY_FILE=/etc/vigil/key\n"
                + "vigil run --job " + job.project() + "/" + job.slug() + " -- /path/to/command";
    }

    private static String python(String url) {
        return """
                import subprocess
                import urllib.request

                URL = "%s"

                def ping(suffix="", body=None):
                    try:
                        urllib.request.urlopen(URL + suffix, data=body, timeout=10)
                    except OSError as e:  # a monitoring hiccup must not fail the job
                        print("ping failed:", e)

                ping("/start")
                result = subprocess.run(["/path/to/command"], capture_output=True)
                ping("/%%d" %% result.returncode, (result.stdout + result.stderr)[-10000:])""".formatted(url);
    }

    private static String powershell(String url) {
        return """
                $Url = "%s"
                Invoke-RestMethod -Uri "$Url/start" -TimeoutSec 10 | Out-Null
                $Output = & C:\\path\\to\\job.exe 2>&1 | Out-String
                Invoke-RestMethod -Uri "$Url/$LASTEXITCODE" -Method Post -Body $Output -TimeoutSec 10 | Out-Null""".formatted(url);
    }
}
