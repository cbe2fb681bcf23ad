package dev.vigil.cli.defs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.client.ApiClient;
import dev.vigil.cli.client.ClientException;
import dev.vigil.cli.client.ClientOptions;
import dev.vigil.cli.client.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil import crontab [FILE]}: each line of a crontab becomes a watched job with the same
 * schedule and time zone (applied under the source {@code crontab}, so importing again changes only
 * what changed), and the crontab is printed back with every line reporting to its job — through
 * {@code vigil run} or curl — ready to install with {@code crontab}.
 */
@Command(name = "crontab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a crontab into watched jobs (same schedules and time zone) and print it rewritten",
                "so that each line reports to its job. FILE: a crontab file, - for standard input;",
                "none: the current user's crontab (crontab -l). The plan goes to standard error."})
public final class CrontabImport implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the crontab (default: crontab -l; - for standard input)")
    String file;

    @Option(names = {"-p", "--project"}, required = true, paramLabel = "SLUG", description = "the project the jobs go in")
    String project;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "cron's time zone (default: this machine's, ${DEFAULT-VALUE}); CRON_TZ lines override it")
    ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--system", description = "a system crontab, with a user field before the command (assumed for /etc/crontab and /etc/cron.d/*)")
    boolean system;

    @Option(names = "--report-with", paramLabel = "vigil|curl", defaultValue = "vigil",
            description = "how the rewritten lines report: vigil run (default) or curl")
    String reportWith;

    @Option(names = "--vigil-path", paramLabel = "PATH", defaultValue = "vigil",
            description = "the vigil command in the rewritten crontab (cron's PATH is short: give the full path)")
    String vigilPath;

    @Option(names = "--dry-run", description = "print the plan and the rewritten crontab with placeholder URLs; create nothing")
    boolean dryRun;

    @Option(names = "--rewrite-to", paramLabel = "FILE", description = "write the rewritten crontab to this file instead of standard output")
    Path rewriteTo;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (!reportWith.equals("vigil") && !reportWith.equals("curl")) {
            throw ClientException.usage("--report-with must be vigil or curl, got '" + reportWith + "'");
        }
        String name = file == null ? "crontab -l" : file.equals("-") ? "standard input" : file;
        boolean systemTab = system || (file != null && (file.equals("/etc/crontab") || file.startsWith("/etc/cron.d/")));
        Crontab tab = Crontab.parse(read(), zone, systemTab);
        for (Object line : tab.lines()) {
            if (line instanceof Crontab.Other o && o.reason() != null) client.err().println(name + ":" + o.line() + ": " + o.reason());
        }
        List<Crontab.Entry> entries = tab.entries();
        if (entries.isEmpty()) {
            client.err().println("vigil: " + name + " has no job line to import");
            client.err().flush();
            return ExitCodes.USAGE;
        }
        Definitions definitions = definitions(name, entries);
        int code = ApplyCommand.send(client, definitions, dryRun, false, false, "crontab");
        if (code == ExitCodes.USAGE) return code;
        Map<String, String> pingUrls = new LinkedHashMap<>();
        if (!dryRun) {
            ApiClient api = client.api();
            for (Crontab.Entry e : entries) {
                JsonNode job = api.get("/jobs/" + ApiClient.seg(project) + "/" + ApiClient.seg(e.slug()));
                pingUrls.put(e.slug(), job.path("pingUrl").asText());
            }
        }
        String rewritten = CrontabRewrite.rewrite(tab, project, pingUrls, reportWith.equals("curl"), vigilPath);
        if (rewriteTo == null) {
            client.out().print(rewritten);
            client.out().flush();
        } else {
            try {
                Files.writeString(rewriteTo, rewritten, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ClientException(ExitCodes.ERROR, "cannot write " + rewriteTo + ": " + e.getMessage());
            }
            client.err().println("The rewritten crontab is in " + rewriteTo + "; install it with: crontab " + rewriteTo);
        }
        client.err().flush();
        return code;
    }

    /** The jobs as a definition document, each placed at its crontab line for error messages. */
    private Definitions definitions(String name, List<Crontab.Entry> entries) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode doc = nodes.objectNode();
        ArrayNode jobs = doc.putObject("projects").putObject(project).putArray("jobs");
        Map<String, Definitions.Origin> origins = new LinkedHashMap<>();
        for (Crontab.Entry e : entries) {
            ObjectNode job = jobs.addObject();
            job.put("slug", e.slug());
            job.put("name", e.comment() != null ? truncate(e.comment(), 200) : truncate(e.command(), 200));
            job.put("description", truncate("From " + name + " line " + e.line() + ": " + e.command(), 2000));
            job.putObject("schedule").put("cron", e.cron()).put("timezone", e.zone().getId());
            job.putArray("tags").add("crontab");
            if (e.user() != null) job.put("owner", e.user());
            SourceMap at = new SourceMap();
            String path = "projects." + project + ".jobs[" + (jobs.size() - 1) + "]";
            at.put(path, e.line(), 1);
            origins.put(path, new Definitions.Origin(name, path, at));
        }
        return new Definitions(doc, origins, Map.of());
    }

    private String read() {
        try {
            if (file == null) {
                Process p = new ProcessBuilder("crontab", "-l").redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) throw ClientException.usage("crontab -l failed: " + text.strip() + "; give the crontab as FILE or -");
                return text;
            }
            if (file.equals("-")) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ClientException.usage("cannot read " + (file == null ? "the crontab (crontab -l)" : file) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCodes.ERROR, "interrupted");
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
