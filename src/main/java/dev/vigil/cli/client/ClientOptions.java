package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every client command shares ({@code @Mixin ClientOptions client;}): which server, which
 * key, and how to print. {@link #api()} resolves them ({@link ClientSettings}) into an {@link ApiClient};
 * {@link #out()} and {@link #err()} are the command line's streams, so tests can capture them.
 */
public final class ClientOptions {
    /** How answers are printed: aligned columns for people, or the API's JSON unchanged for scripts. */
    public enum Output { TABLE, JSON }

    @Option(names = "--server", paramLabel = "URL", description = "the Vigil server (VIGIL_SERVER, or the profile's server)")
    String server;
    @Option(names = "--key", paramLabel = "KEY", description = "API key (VIGIL_KEY or VIGIL_KEY_FILE, or the profile's; prefer those: flags show in ps)")
    String key;
    @Option(names = "--profile", paramLabel = "NAME", description = "the config file's profile to use (VIGIL_PROFILE; otherwise [default])")
    String profile;
    @Option(names = "--config", paramLabel = "FILE", description = "the config file (VIGIL_CONFIG; default $XDG_CONFIG_HOME/vigil/config or ~/.config/vigil/config)")
    String config;
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json (the API's answer as is)")
    Output output = Output.TABLE;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private final Map<String, String> env;

    public ClientOptions() {
        this(System.getenv());
    }

    /** With another environment than the process's: for tests. */
    public ClientOptions(Map<String, String> env) {
        this.env = env;
    }

    public ClientSettings settings() {
        return ClientSettings.resolve(new ClientSettings.Flags(server, key, profile, config), env, m -> {
            err().println("vigil: " + m);
            err().flush();
        });
    }

    public ApiClient api() {
        ClientSettings s = settings();
        return new ApiClient(s.server(), s.key(), s.keyFrom(), ApiClient.DEFAULT_TIMEOUT);
    }

    public boolean json() {
        return output == Output.JSON;
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    public PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    /** Prints an answer as the API sent it, for {@code --output json}. */
    public void printJson(ApiClient.Reply reply) {
        out().println(reply.body().strip());
        out().flush();
    }

    /** Prints a JSON value, for {@code --output json} of what was put together from several answers. */
    public void printJson(JsonNode json) {
        out().println(json.toString());
        out().flush();
    }
}
