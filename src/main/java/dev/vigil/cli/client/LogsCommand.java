package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil logs RUN_ID [-f]}: a run's output, or followed live until the run ends. */
@Command(name = "logs", description = {"Print a run's output.",
        "With -f, follow a live run: print its output as it comes (the API's log chunks) until the run ends."},
        footer = {"", "Examples:", "  vigil runs prod/etl --limit 1", "  vigil logs 42 -f"})
public final class LogsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", description = "the run (its id, from vigil runs or vigil trigger)")
    long run;
    @Option(names = {"-f", "--follow"}, description = "follow the run's output until it ends")
    boolean follow;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (client.json()) throw ClientException.usage("a log is text: vigil logs has no --output json");
        ApiClient api = client.api();
        if (!follow) {
            client.out().print(api.getText("/runs/" + run + "/log"));
            client.out().flush();
            return ExitCodes.OK;
        }
        Tail tail = new Tail(api, client.out());
        while (!tail.next(run)) {
            // the tail waits between pages that bring nothing
        }
        return ExitCodes.OK;
    }

    /** Prints a run's log chunks in order, a page at a time, from where it left off. */
    static final class Tail {
        private final ApiClient api;
        private final PrintWriter out;
        private long after;
        private boolean printed;

        Tail(ApiClient api, PrintWriter out) {
            this.api = api;
            this.out = out;
        }

        /**
         * Prints the next page of the log; true once the run has ended and everything is printed.
         * Waits a moment when nothing new came. A run without chunks (a pinged run) shows its captured
         * output at the end, as {@code vigil logs} without {@code -f} does.
         */
        boolean next(long run) {
            JsonNode page = Follow.patiently(() -> api.get("/runs/" + run + "/log/chunks" + ApiClient.query("after", after)));
            JsonNode chunks = page.get("chunks");
            for (JsonNode c : chunks) {
                out.print(c.get("text").asText());
                printed = true;
            }
            out.flush();
            after = page.get("next").asLong();
            if (page.get("done").asBoolean()) {
                if (!printed) {
                    out.print(Follow.patiently(() -> api.getText("/runs/" + run + "/log")));
                    out.flush();
                }
                return true;
            }
            if (chunks.isEmpty()) Follow.pause();
            return false;
        }
    }
}
