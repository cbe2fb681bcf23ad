package dev.vigil.domain;

import java.util.Map;

/**
 * The mark of an object that jobs as code manage (docs/jobs-as-code.md): the apply {@code source}
 * that defines it. An object without one was made in the dashboard or the API.
 *
 * @param kind       what it is: {@link #JOB}, {@link #CHANNEL}, {@link #POLICY}, {@link #WINDOW} or {@link #ROUTES}
 * @param name       the job's slug or the object's name; empty for routes (one list per project)
 * @param secretRefs channels only: config field path → {@code env:NAME} or {@code file:PATH}
 */
public record Managed(long projectId, String kind, String name, String source, Map<String, String> secretRefs) {
    public static final String JOB = "job";
    public static final String CHANNEL = "channel";
    public static final String POLICY = "escalationPolicy";
    public static final String WINDOW = "maintenanceWindow";
    public static final String ROUTES = "routes";

    public Managed {
        secretRefs = secretRefs == null ? Map.of() : Map.copyOf(secretRefs);
    }
}
