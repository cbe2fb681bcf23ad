package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil trigger PROJECT/SLUG [--param K=V]... [--wait]}: a run now, optionally followed to its end. */
@Command(name = "trigger", sortOptions = false,
        description = {"Start a run of a managed job now (role operator).",
            "With --wait, follow it (and its retries) until it ends and exit with its outcome: 0 succeeded; "
                + "its exit code if it failed with one, else 1; 124 timed out; 125 lost; 130 cancelled; 131 skipped."},
        footer = {"", "Examples:", "  vigil trigger prod/report --param DAY=fri", "  vigil trigger prod/etl --wait --logs && echo done"})
public final class TriggerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT/SLUG", description = "the job")
    String job;
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "a parameter for this run (the job must declare it)")
    List<String> params = List.of();
    @Option(names = {"-w", "--wait"}, description = "wait until the run ends and exit with its outcome")
    boolean wait;
    @Option(names = "--logs", description = "with --wait: print the run's output as it comes")
    boolean logs;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        JobRef ref = JobRef.parse(job);
        if (logs && !wait) throw ClientException.usage("--logs goes with --wait");
        if (logs && client.json()) throw ClientException.usage("--logs prints text: it does not go with --output json");
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw ClientException.usage("--param must be NAME=VALUE, got '" + p + "'");
            values.put(p.substring(0, eq), p.substring(eq + 1));
        }
        ApiClient api = client.api();
        ApiClient.Reply reply = api.send("POST", ref.path() + "/runs", values.isEmpty() ? null : Map.of("params", values));
        long id = reply.json().get("id").asLong();
        if (!wait) {
            if (client.json()) {
                client.printJson(reply);
            } else {
                client.out().println("triggered run " + id + " of " + ref + " (" + Table.text(reply.json(), "state") + ")");
                client.out().flush();
            }
            return ExitCodes.OK;
        }
        note("triggered run " + id + " of " + ref + "; waiting for it to end");
        return follow(api, ref, id);
    }

    private int follow(ApiClient api, JobRef ref, long id) {
        LogsCommand.Tail tail = logs ? new LogsCommand.Tail(api, client.out()) : null;
        while (true) {
            ApiClient.Reply reply = waitFor(api, id, tail);
            JsonNode run = reply.json();
            String state = Table.text(run, "state");
            Long retry = state.equals("succeeded") || state.equals("cancelled") ? null : retryOf(api, ref, id);
            if (retry != null) {
                note("run " + id + " " + Formats.runOutcome(run) + "; following its retry, run " + retry);
                id = retry;
                if (tail != null) tail = new LogsCommand.Tail(api, client.out());
                continue;
            }
            if (client.json()) {
                client.printJson(reply);
            } else {
                note("run " + id + " " + Formats.runOutcome(run));
            }
            JsonNode exit = run.get("exitCode");
            return ExitCodes.ofRun(state, exit == null || exit.isNull() ? null : exit.asInt());
        }
    }

    /** The run once it has ended; with a tail, its output is printed on the way (the tail paces the polling). */
    private static ApiClient.Reply waitFor(ApiClient api, long id, LogsCommand.Tail tail) {
        while (true) {
            if (tail != null) {
                if (tail.next(id)) return Follow.patiently(() -> api.send("GET", "/runs/" + id, null));
                continue;
            }
            ApiClient.Reply reply = Follow.patiently(() -> api.send("GET", "/runs/" + id, null));
            if (Follow.ended(Table.text(reply.json(), "state"))) return reply;
            Follow.pause();
        }
    }

    /** The retry the server made of run {@code id}, if any: its reason says {@code retry N of M after run ID}. */
    private static Long retryOf(ApiClient api, JobRef ref, long id) {
        JsonNode runs = Follow.patiently(() -> api.get(ref.path() + "/runs" + ApiClient.query("limit", 20)));
        for (JsonNode r : runs.get("runs")) {
            String reason = Table.text(r, "reason");
            if ("retry".equals(Table.text(r, "trigger")) && r.get("id").asLong() > id && reason != null
                    && reason.endsWith("after run " + id)) {
                return r.get("id").asLong();
            }
        }
        return null;
    }

    private void note(String message) {
        client.err().println("vigil: " + message);
        client.err().flush();
    }
}
