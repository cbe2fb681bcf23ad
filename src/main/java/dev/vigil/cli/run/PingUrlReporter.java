package dev.vigil.cli.run;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Reports to a Healthchecks-style ping URL: {@code GET {url}/start?rid=…}, then
 * {@code POST {url}/{exit code}?rid=…} (or {@code /fail} for a failure without a non-zero code) with the output
 * tail as the body. A query already on the URL (such as {@code ?create=1}) is kept.
 */
final class PingUrlReporter implements Reporter {
    private final String base;
    private final String query;

    PingUrlReporter(String pingUrl) {
        int q = pingUrl.indexOf('?');
        String path = q < 0 ? pingUrl : pingUrl.substring(0, q);
        this.base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.query = q < 0 || q == pingUrl.length() - 1 ? "" : pingUrl.substring(q + 1) + "&";
    }

    @Override
    public Report start(RunInfo run) {
        return new Report("GET", url("start", run.rid()), null, null, false, "start of run " + run.rid(), run.startedAt().toString());
    }

    @Override
    public Report finish(RunInfo run, Finish finish) {
        // an interrupted command may still exit 0, and /0 would be a success: say fail
        String suffix = finish.success() ? "0"
                : finish.exitCode() == null || finish.exitCode() == 0 ? "fail" : finish.exitCode().toString();
        String body = finish.message().isEmpty() ? null : finish.message();
        return new Report("POST", url(suffix, run.rid()), "text/plain; charset=utf-8", body, false,
                "finish of run " + run.rid(), finish.finishedAt().toString());
    }

    private String url(String suffix, String rid) {
        return base + "/" + suffix + "?" + query + "rid=" + URLEncoder.encode(rid, StandardCharsets.UTF_8);
    }
}
