package dev.vigil.cli;

import dev.vigil.app.Vigil;
import java.io.PrintStream;
import java.time.Duration;

/** What {@code vigil server} prints once it is ready: where it is and how to get in. */
final class Banner {
    private Banner() {}

    static void print(PrintStream out, Vigil vigil, Duration startup) {
        out.println();
        out.println("Vigil is ready in " + startup.toMillis() + " ms (" + vigil.store().databaseName() + ")");
        out.println("  Dashboard:        " + vigil.baseUrl() + "/ui   (log in with an API key)");
        out.println("  Server URL:       " + vigil.baseUrl() + "   (API under " + vigil.baseUrl() + "/api/v1)");
        vigil.generatedAdminKey().ifPresentOrElse(
                key -> {
                    out.println("  Admin API key:    " + key);
                    out.println("                    shown only this once; only its hash is stored.");
                },
                () -> out.println("  Admin API key:    created on first start (or VIGIL_ADMIN_KEY); not shown again."));
        if (vigil.exampleProject() != null) {
            var p = vigil.exampleProject();
            out.println("  Example project:  '" + p.slug() + "': jobs that succeed, fail, overrun and go missed within a minute;");
            out.println("                    alerts go to this log.");
            out.println("  Try:              curl " + vigil.baseUrl() + "/ping/" + p.pingKey() + "/heartbeat");
        }
        out.println();
        out.flush();
    }
}
