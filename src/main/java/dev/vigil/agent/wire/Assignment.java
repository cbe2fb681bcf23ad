package dev.vigil.agent.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run to execute, with everything the agent needs resolved by the server at dispatch time: the
 * definition the run starts with, so later edits of the job do not touch it.
 *
 * @param argv          the process to start; null for an http target
 * @param http          the request to make; null for a process
 * @param env           the complete environment to add (job env, params, run overrides, VIGIL_*)
 * @param timeoutMillis wall-clock limit, or null for none
 * @param startInMillis how long after receiving it the agent starts the run: a scheduled run is handed
 *                      out shortly before its fire time, so that it starts on time (0: at once).
 *                      Relative, so that the agent's clock need not agree with the server's.
 */
public record Assignment(long runId, String job, int attempt, Instant scheduledFor, List<String> argv, HttpTarget http,
                         String workdir, Map<String, String> env, Long timeoutMillis, long startInMillis) {
    public Assignment {
        startInMillis = Math.max(0, startInMillis);
        argv = argv == null ? null : List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        if ((argv == null) == (http == null)) {
            throw new IllegalArgumentException("an assignment has either argv or http (indicates a bug)");
        }
    }

    /** An HTTP request; success is a 2xx answer. */
    public record HttpTarget(String method, String url, Map<String, String> headers, String body) {
        public HttpTarget {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }
}
