package dev.vigil.cli.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil keys [create | revoke]}: API keys (role admin). */
@Command(name = "keys", description = "List API keys (role admin); create or revoke one.",
        subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class},
        footer = {"", "Examples:", "  vigil keys create ci-deploy --role editor --project prod", "  vigil keys revoke 4"})
public final class KeysCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Reply reply = client.api().send("GET", "/keys", null);
        if (client.json()) {
            client.printJson(reply);
            return ExitCodes.OK;
        }
        Table t = new Table("id", "name", "role", "project", "prefix", "created");
        t.rows(reply.json().get("keys"), k -> new Object[] {Table.text(k, "id"), Table.text(k, "name"), Table.text(k, "role"),
            Table.text(k, "project") == null ? "(all)" : Table.text(k, "project"), Table.text(k, "prefix"), Formats.time(k, "createdAt")});
        t.print(client.out());
        return ExitCodes.OK;
    }

    @Command(name = "create", description = {"Create an API key and print its secret: the only time it is shown."})
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "what the key is for, e.g. ci-deploy")
        String name;
        @Option(names = "--role", paramLabel = "ROLE", required = true, description = "viewer, operator, editor, admin or agent")
        String role;
        @Option(names = "--project", paramLabel = "PROJECT", description = "bind the key to this project (default: valid in every project)")
        String project;
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            if (project != null) body.put("project", project);
            ApiClient.Reply reply = client.api().send("POST", "/keys", body);
            if (client.json()) {
                client.printJson(reply);
                return ExitCodes.OK;
            }
            var k = reply.json();
            // The secret alone on stdout, so that `vigil keys create ... > file` keeps only it; the rest on stderr.
            client.err().println("vigil: created key " + Table.text(k, "id") + " '" + name + "' (" + role
                    + (project == null ? ", every project" : ", project " + project) + "); its secret is shown only now:");
            client.err().flush();
            client.out().println(Table.text(k, "key"));
            client.out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke an API key: it is refused from its next request on.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the key's id (from vigil keys)")
        long id;
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            client.api().delete("/keys/" + id);
            if (!client.json()) { // the API answers 204, nothing to print as JSON
                client.out().println("revoked key " + id);
                client.out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
