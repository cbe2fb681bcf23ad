package dev.vigil.domain;

import java.util.Map;

/**
 * The mark of an object that jobs as code manage (docs/jobs-as-code.md): the apply {@code source}
 * that defines it. An object without one was made in the dashboard or the API.
 *
 * @param kind       what it is: {@link #JOB}, {@link #CHANNEL}, {@link #POLICY}, {@link #WINDOW} or {@link #ROUTES}
 * @param name       the job's slug or the object's name; empty for routes (one list per project)
 * @param objectKey  which object it was: a job's uuid, another object's id; null for routes. An
 *                   object deleted and made anew under the same name elsewhere is not managed.
 * @param secretRefs channels only: config field path → {@code env:NAME} or {@code file:PATH}
 */
public record Managed(long projectId, String kind, String name, String source, String objectKey, Map<String, String> secretRefs) {
    public static final String JOB = "job";
    public static final String CHANNEL = "channel";
    public static final String POLICY = "escalationPolicy";
    public static final String WINDOW = "maintenanceWindow";
    public static final String ROUTES = "routes";

    public Managed {
        secretRefs = secretRefs == null ? Map.of() : Map.copyOf(secretRefs);
    }

    /** Whether the mark is of the object whose key this is (routes: always). */
    public boolean marks(String key) {
        return objectKey == null || objectKey.equals(key);
    }
}
