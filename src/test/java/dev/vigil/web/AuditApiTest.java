package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.call;
import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit log through a real server: one entry per change, with who, where, before and after, secrets left out. */
class AuditApiTest {
    static TestServer server;
    static MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        server.createProject("alpha");
        server.createProject("beta");
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static List<JsonNode> entries(String query) {
        Response r = server.get("/api/v1/audit" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        r.json().get("entries").forEach(list::add);
        return list;
    }

    /** The newest entry for this target. */
    private static JsonNode last(String action, String target) {
        List<JsonNode> found = entries("?action=" + action + "&target=" + target);
        assertThat(found).as("entries of %s %s", action, target).isNotEmpty();
        return found.getFirst();
    }

    @Test
    void a_job_created_replaced_paused_resumed_and_deleted_is_in_the_log_with_who_where_before_and_after() {
        String now = clock.instant().toString();
        assertThat(server.put("/api/v1/jobs/alpha/audited", """
                {"schedule": {"every": "1h"}, "command": "echo hi", "env": {"TOKEN": "s3cr3t"}}""").status()).isEqualTo(201);
        String uuid = server.get("/api/v1/jobs/alpha/audited").json().get("uuid").asText();
        assertThat(server.put("/api/v1/jobs/alpha/audited", "{\"schedule\": {\"every\": \"2h\"}}").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/jobs/alpha/audited/pause", "").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/jobs/alpha/audited/pause", "").status()).isEqualTo(200); // already paused: no entry
        assertThat(server.post("/api/v1/jobs/alpha/audited/resume", "").status()).isEqualTo(200);
        assertThat(server.delete("/api/v1/jobs/alpha/audited").status()).isEqualTo(204);

        List<JsonNode> log = entries("?target=alpha/audited");
        assertThat(log).extracting(e -> e.get("action").asText())
                .containsExactly("job.delete", "job.resume", "job.pause", "job.update", "job.create");
        JsonNode created = log.getLast();
        assertThat(created.get("actor").get("kind").asText()).isEqualTo("key");
        assertThat(created.get("actor").get("name").asText()).isNotBlank();
        assertThat(created.get("actor").get("keyId").asLong()).isPositive();
        assertThat(created.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(created.get("at").asText()).isEqualTo(now);
        assertThat(created.get("project").asText()).isEqualTo("alpha");
        assertThat(created.has("before")).isFalse();
        assertThat(created.get("after").get("schedule").get("every").asText()).isEqualTo("1h");
        assertThat(created.get("after").get("env").get("TOKEN").asText()).isEqualTo("[redacted]");
        JsonNode updated = log.get(3);
        assertThat(updated.get("before").get("schedule").get("every").asText()).isEqualTo("1h");
        assertThat(updated.get("after").get("schedule").get("every").asText()).isEqualTo("2h");
        assertThat(log.get(2).get("after").get("paused").asBoolean()).isTrue();
        assertThat(log.getFirst().get("before").get("slug").asText()).isEqualTo("audited");
        assertThat(log.getFirst().has("after")).isFalse();
        String all = server.get("/api/v1/audit").body();
        assertThat(all).doesNotContain(uuid).doesNotContain("s3cr3t").doesNotContain("pingUrl");
    }

    @Test
    void a_change_that_fails_writes_no_entry() {
        int before = entries("?limit=500").size();

        assertThat(server.put("/api/v1/jobs/alpha/bad", "{\"schedule\": {\"every\": \"nonsense\"}}").status()).isEqualTo(400);
        assertThat(server.post("/api/v1/projects", "{\"slug\": \"Not A Slug\"}").status()).isEqualTo(400);
        assertThat(server.post("/api/v1/projects/alpha/channels", "{\"kind\": \"nope\", \"name\": \"x\"}").status()).isEqualTo(400);
        assertThat(server.delete("/api/v1/projects/alpha/escalation-policies/none").status()).isEqualTo(404);
        assertThat(server.post("/api/v1/jobs/alpha/missing/pause", "").status()).isEqualTo(404);

        assertThat(entries("?limit=500")).hasSize(before);
    }

    @Test
    void projects_keys_channels_and_alert_rules_are_in_the_log_with_their_secrets_left_out() {
        JsonNode project = server.createProject("gamma");
        JsonNode key = createKey(server, TestServer.ADMIN_KEY, "audited-key", "viewer", "gamma");
        assertThat(server.delete("/api/v1/keys/" + key.get("id").asLong()).status()).isEqualTo(204);
        Response channel = server.post("/api/v1/projects/gamma/channels", """
                {"kind": "webhook", "name": "hook", "config": {"url": "https://hooks.example.com/T000/B000/XXXX", "secret": "hmac-secret-1"}}""");
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);
        assertThat(server.put("/api/v1/projects/gamma/escalation-policies/oncall",
                "{\"steps\": [{\"after\": \"0s\", \"channels\": [\"hook\"]}]}").status()).isIn(200, 201);
        assertThat(server.put("/api/v1/projects/gamma/routes",
                "{\"routes\": [{\"channels\": [\"hook\"]}]}").status()).isEqualTo(200);
        assertThat(server.put("/api/v1/projects/gamma/routes", "{\"routes\": []}").status()).isEqualTo(200);
        assertThat(server.delete("/api/v1/projects/gamma/escalation-policies/oncall").status()).isEqualTo(204);
        long silence = server.post("/api/v1/projects/gamma/silences", "{\"duration\": \"1h\", \"comment\": \"deploy\"}")
                .json().get("id").asLong();
        assertThat(server.post("/api/v1/projects/gamma/silences/" + silence + "/expire", "").status()).isEqualTo(200);
        Response w = server.post("/api/v1/projects/gamma/maintenance-windows",
                "{\"name\": \"nightly\", \"cron\": \"0 3 * * *\", \"duration\": \"1h\", \"timezone\": \"UTC\", \"comment\": \"patching\"}");
        assertThat(w.status()).as(w.body()).isEqualTo(201);
        long window = w.json().get("id").asLong();
        assertThat(server.delete("/api/v1/projects/gamma/maintenance-windows/" + window).status()).isEqualTo(204);
        long channelId = channel.json().get("id").asLong();
        assertThat(server.delete("/api/v1/projects/gamma/channels/" + channelId).status()).isEqualTo(204);

        List<JsonNode> log = entries("?project=gamma");
        assertThat(log).extracting(e -> e.get("action").asText()).containsExactly("channel.delete", "window.delete",
                "window.create", "silence.expire", "silence.create", "policy.delete", "routes.replace", "routes.replace",
                "policy.create", "channel.create", "key.delete", "key.create", "project.create");
        JsonNode p = log.getLast();
        assertThat(p.get("after").get("slug").asText()).isEqualTo("gamma");
        assertThat(p.get("after").has("pingKey")).isFalse();
        JsonNode k = log.get(log.size() - 2);
        assertThat(k.get("target").asText()).isEqualTo(key.get("id").asText());
        assertThat(k.get("after").get("role").asText()).isEqualTo("viewer");
        JsonNode c = log.get(log.size() - 4).get("after").get("config");
        assertThat(c.get("secret").asText()).isEqualTo("[redacted]");
        assertThat(c.get("url").asText()).isEqualTo("https://hooks.example.com/[redacted]");
        assertThat(log.get(3).get("before").get("active").asBoolean()).isTrue();
        assertThat(log.get(3).get("after").get("active").asBoolean()).isFalse();
        assertThat(log.get(6).get("before").get("routes")).hasSize(1);
        assertThat(log.get(6).get("after").get("routes")).isEmpty();
        String body = server.get("/api/v1/audit?project=gamma").body();
        assertThat(body).doesNotContain(key.get("key").asText()).doesNotContain("hmac-secret-1").doesNotContain("XXXX")
                .doesNotContain(project.get("pingKey").asText());
    }

    @Test
    void runs_triggered_and_cancelled_are_in_the_log() {
        assertThat(server.put("/api/v1/jobs/beta/manual", "{\"command\": \"sleep 60\"}").status()).isEqualTo(201);
        Response run = server.post("/api/v1/jobs/beta/manual/runs", "");
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        long id = run.json().get("id").asLong();
        assertThat(server.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(200);

        JsonNode triggered = last("run.trigger", Long.toString(id));
        assertThat(triggered.get("project").asText()).isEqualTo("beta");
        assertThat(triggered.get("after").get("job").asText()).isEqualTo("beta/manual");
        JsonNode cancelled = last("run.cancel", Long.toString(id));
        assertThat(cancelled.get("before").get("state").asText()).isIn("queued", "dispatched", "running");
        assertThat(cancelled.get("after")).isNotNull();
    }

    @Test
    void incidents_acknowledged_and_resolved_are_in_the_log_with_their_state_before_and_after() {
        assertThat(server.put("/api/v1/jobs/beta/flaky", "{\"every\": \"1h\"}").status()).isEqualTo(201);
        long jobId = server.vigil.store().read(tx -> tx.jobs().bySlug(
                tx.projects().bySlug("beta").orElseThrow().id(), "flaky")).orElseThrow().id();
        long projectId = server.vigil.store().read(tx -> tx.projects().bySlug("beta")).orElseThrow().id();
        java.time.Instant opened = clock.instant();
        // An incident stored as the engine would have left it.
        long id = server.vigil.store().write(tx -> tx.incidents().insert(new dev.vigil.domain.Incident(0, jobId, projectId,
                dev.vigil.domain.Incident.Severity.CRITICAL, dev.vigil.domain.Incident.State.OPEN, opened, null, "missed",
                null, null, null, null, false, true, opened, null, "no route matches it", null, 0, 0, null, 0))).id();

        assertThat(server.post("/api/v1/incidents/" + id + "/acknowledge", "{\"comment\": \"looking\"}").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/incidents/" + id + "/resolve", "null").status()).as("no body, as generated clients send it").isEqualTo(200);
        assertThat(server.post("/api/v1/incidents/" + id + "/resolve", "").status()).isEqualTo(409); // no entry

        List<JsonNode> log = entries("?action=incident&target=" + id);
        assertThat(log).extracting(e -> e.get("action").asText()).containsExactly("incident.resolve", "incident.acknowledge");
        assertThat(log.get(1).get("before").get("state").asText()).isEqualTo("open");
        assertThat(log.get(1).get("after").get("state").asText()).isEqualTo("acknowledged");
        assertThat(log.get(0).get("after").get("state").asText()).isEqualTo("resolved");
        assertThat(log.get(0).get("project").asText()).isEqualTo("beta");
    }

    @Test
    void only_admins_read_the_log_and_a_project_admin_only_its_project() {
        server.put("/api/v1/jobs/alpha/scoped", "{\"every\": \"1h\"}");
        server.put("/api/v1/jobs/beta/scoped", "{\"every\": \"1h\"}");
        String viewer = createKey(server, TestServer.ADMIN_KEY, "v", "viewer", null).get("key").asText();
        String editor = createKey(server, TestServer.ADMIN_KEY, "e", "editor", "alpha").get("key").asText();
        String alphaAdmin = createKey(server, TestServer.ADMIN_KEY, "alpha-admin", "admin", "alpha").get("key").asText();

        assertThat(call(server, viewer, "GET", "/api/v1/audit", "").status()).isEqualTo(403);
        assertThat(call(server, editor, "GET", "/api/v1/audit", "").status()).isEqualTo(403);
        assertThat(call(server, alphaAdmin, "GET", "/api/v1/audit?project=beta", "").status()).isEqualTo(403);
        Response own = call(server, alphaAdmin, "GET", "/api/v1/audit?limit=500", null);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("entries")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("project").asText()).isEqualTo("alpha"));
    }

    @Test
    void filters_and_pages_go_back_in_time() {
        clock.set(java.time.Instant.parse("2026-06-02T00:00:00Z"));
        for (int i = 0; i < 5; i++) server.put("/api/v1/jobs/beta/paged-" + i, "{\"every\": \"1h\"}");
        clock.set(java.time.Instant.parse("2026-06-03T00:00:00Z"));
        server.put("/api/v1/jobs/beta/later", "{\"every\": \"1h\"}");

        List<JsonNode> day = entries("?action=job.create&since=2026-06-02T00:00:00Z&until=2026-06-03T00:00:00Z");
        assertThat(day).extracting(e -> e.get("target").asText())
                .containsExactly("beta/paged-4", "beta/paged-3", "beta/paged-2", "beta/paged-1", "beta/paged-0");
        Response first = server.get("/api/v1/audit?action=job&since=2026-06-02T00:00:00Z&limit=2");
        assertThat(first.json().get("entries")).hasSize(2);
        long next = first.json().get("next").asLong();
        Response second = server.get("/api/v1/audit?action=job&since=2026-06-02T00:00:00Z&limit=2&before=" + next);
        assertThat(second.json().get("entries").get(0).get("target").asText()).isEqualTo("beta/paged-3");
        assertThat(entries("?actor=nobody")).isEmpty();
        assertThat(server.get("/api/v1/audit?limit=501").status()).isEqualTo(400);
        assertThat(server.get("/api/v1/audit?since=yesterday").status()).isEqualTo(400);
        assertThat(server.get("/api/v1/audit?action=DROP%20TABLE").status()).isEqualTo(400);
    }

    @Test
    void failed_key_checks_are_recorded_once_a_minute_per_address() {
        for (int i = 0; i < 3; i++) assertThat(call(server, "vk_wrong_" + i, "GET", "/api/v1/jobs", "").status()).isEqualTo(401);

        List<JsonNode> failed = entries("?action=key.failed");
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(failed.getFirst().get("actor").get("name").asText()).isEqualTo("unknown key");
        assertThat(failed.getFirst().get("after").get("path").asText()).isEqualTo("/api/v1/jobs");
        assertThat(server.get("/api/v1/audit").body()).doesNotContain("vk_wrong_");
    }
}
