package dev.vigil.cli.client;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil ack ID}: someone is on it; escalation stops. */
@Command(name = "ack", description = "Acknowledge an incident: escalation stops (role operator).")
public final class AckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "the incident (from vigil incidents)")
    long id;
    @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", description = "a comment, kept in the incident's history")
    String comment;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return act(client, id, comment, "acknowledge", "acknowledged");
    }

    static int act(ClientOptions client, long id, String comment, String action, String done) {
        ApiClient.Reply reply = client.api().send("POST", "/incidents/" + id + "/" + action,
                comment == null ? null : Map.of("comment", comment));
        if (client.json()) {
            client.printJson(reply);
        } else {
            var i = reply.json();
            client.out().println(done + " incident " + id + " (" + Table.text(i, "project") + "/" + Table.text(i, "job") + ")");
            client.out().flush();
        }
        return ExitCodes.OK;
    }
}
