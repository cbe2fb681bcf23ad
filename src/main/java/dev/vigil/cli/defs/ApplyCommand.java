package dev.vigil.cli.defs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.client.ApiClient;
import dev.vigil.cli.client.ApiException;
import dev.vigil.cli.client.ClientOptions;
import dev.vigil.cli.client.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil apply -f PATH}: jobs, channels, routes, escalation policies and maintenance windows as
 * code. Reads and checks every file first, then the server validates the whole, plans and (unless
 * {@code --dry-run}) applies, each project in one transaction. Exit codes: 0 nothing to change,
 * {@value ExitCodes#CHANGES} changes planned or made, 2 invalid definitions, others as every client command.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make the server match definition files (YAML or JSON): validate them all, print the plan, apply it.",
                "Exit codes: 0 nothing to change, 10 changes planned (--dry-run) or applied, 2 invalid definitions,",
                "3 not found, 4 key refused, 5 server unreachable, 1 anything else."})
public final class ApplyCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "PATH",
            description = "a definition file or a directory of them (.yaml, .yml, .json); repeatable")
    List<Path> files;

    @Option(names = "--dry-run", description = "print the plan only; change nothing")
    boolean dryRun;

    @Option(names = "--prune", description = "delete what this source applied earlier and the files no longer define (never objects made in the dashboard or the API)")
    boolean prune;

    @Option(names = "--adopt", description = "take over objects that exist but were made in the dashboard or the API")
    boolean adopt;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = "apply",
            description = "the name objects applied from these files are managed under (default: ${DEFAULT-VALUE}); "
                    + "--prune only deletes objects of this source")
    String source;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Definitions definitions;
        try {
            definitions = Secrets.resolve(DefinitionFiles.load(files), client.env());
        } catch (DefinitionError e) {
            return invalid(e.problems(), client.err());
        }
        return send(client, definitions, dryRun, prune, adopt, source);
    }

    /**
     * Sends the definitions to the server and prints its plan. Shared with {@code vigil import crontab}.
     *
     * @return the exit code: 0, {@link ExitCodes#CHANGES}, or {@link ExitCodes#USAGE} when the server found errors
     */
    static int send(ClientOptions client, Definitions definitions, boolean dryRun, boolean prune, boolean adopt, String source) {
        ApiClient api = client.api();
        ApiClient.Reply reply;
        try {
            reply = api.send("POST", "/apply" + ApiClient.query("dryRun", dryRun, "prune", prune, "adopt", adopt,
                    "source", source), definitions.document());
        } catch (ApiException e) {
            if (e.status() != 400) throw e;
            return invalid(located(e, definitions), client.err());
        }
        Plan plan = new Plan(reply.json());
        if (client.json()) {
            client.printJson(reply);
        } else {
            plan.print(client.out());
            client.out().flush();
        }
        return plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
    }

    /** The server's validation errors, each placed at its file and line. */
    private static List<DefinitionError.Problem> located(ApiException e, Definitions definitions) {
        JsonNode body;
        try {
            body = ApiClient.JSON.readTree(e.body());
        } catch (Exception notJson) {
            return List.of(new DefinitionError.Problem(null, e.field(), e.apiMessage() == null ? e.getMessage() : e.apiMessage()));
        }
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            String field = body.path("field").textValue();
            return List.of(new DefinitionError.Problem(definitions.locate(field), field, body.path("message").asText(e.getMessage())));
        }
        java.util.ArrayList<DefinitionError.Problem> problems = new java.util.ArrayList<>();
        for (JsonNode err : errors) {
            String field = err.path("field").textValue();
            problems.add(new DefinitionError.Problem(definitions.locate(field), field, err.path("message").asText()));
        }
        return problems;
    }

    static int invalid(List<DefinitionError.Problem> problems, PrintWriter err) {
        for (DefinitionError.Problem p : problems) err.println(p);
        err.println("vigil: " + problems.size() + (problems.size() == 1 ? " error" : " errors") + "; nothing was changed");
        err.flush();
        return ExitCodes.USAGE;
    }
}
