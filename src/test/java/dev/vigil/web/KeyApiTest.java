package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ApiKey;
import dev.vigil.security.ApiKeys;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/keys} through a real server: the secret once, no secrets in lists, revocation, scoping. */
public class KeyApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2025-06-01T10:00:00Z"));
        server.createProject("alpha");
        server.createProject("beta");
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    public static Response call(TestServer server, String key, String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Creates a key as {@code by} and returns the answer, which carries the secret. */
    public static JsonNode createKey(TestServer server, String by, String name, String role, String project) {
        String body = "{\"name\": \"" + name + "\", \"role\": \"" + role + "\""
                + (project == null ? "" : ", \"project\": \"" + project + "\"") + "}";
        Response r = call(server, by, "POST", "/api/v1/keys", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static Response call(String key, String method, String path, String body) {
        return call(server, key, method, path, body);
    }

    @Test
    void a_new_key_shows_its_secret_once_and_the_secret_works() {
        JsonNode created = createKey(server, TestServer.ADMIN_KEY, "ci-reader", "viewer", "alpha");

        String secret = created.get("key").asText();
        assertThat(secret).startsWith("vk_").hasSize(43);
        assertThat(created.get("prefix").asText()).isEqualTo(secret.substring(0, 7));
        assertThat(created.get("name").asText()).isEqualTo("ci-reader");
        assertThat(created.get("role").asText()).isEqualTo("viewer");
        assertThat(created.get("project").asText()).isEqualTo("alpha");
        assertThat(created.get("createdAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(call(secret, "GET", "/api/v1/jobs?project=alpha", null).status()).isEqualTo(200);

        Response list = server.get("/api/v1/keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain(ApiKeys.hash(secret));
        JsonNode listed = find(list.json(), created.get("id").asLong());
        assertThat(listed.has("key")).isFalse();
        assertThat(listed.has("hash")).isFalse();
        assertThat(listed.get("prefix").asText()).isEqualTo(secret.substring(0, 7));
    }

    @Test
    void a_key_for_every_project_has_no_project_field() {
        JsonNode created = createKey(server, TestServer.ADMIN_KEY, "global-operator", "operator", null);
        assertThat(created.has("project")).isFalse();
        assertThat(find(server.get("/api/v1/keys").json(), created.get("id").asLong()).has("project")).isFalse();
    }

    @Test
    void a_deleted_key_is_refused_on_its_very_next_request() {
        JsonNode created = createKey(server, TestServer.ADMIN_KEY, "short-lived", "editor", null);
        String secret = created.get("key").asText();
        assertThat(call(secret, "GET", "/api/v1/jobs", null).status()).isEqualTo(200);

        assertThat(server.delete("/api/v1/keys/" + created.get("id").asLong()).status()).isEqualTo(204);

        Response after = call(secret, "GET", "/api/v1/jobs", null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(server.delete("/api/v1/keys/" + created.get("id").asLong()).status()).isEqualTo(404);
    }

    @Test
    void a_key_cannot_delete_itself() {
        JsonNode admin = createKey(server, TestServer.ADMIN_KEY, "second-admin", "admin", null);
        Response r = call(admin.get("key").asText(), "DELETE", "/api/v1/keys/" + admin.get("id").asLong(), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("error").asText()).isEqualTo("conflict");
        assertThat(r.json().get("message").asText()).contains("cannot delete itself");
        assertThat(call(admin.get("key").asText(), "GET", "/api/v1/keys", null).status()).isEqualTo(200);
    }

    @Test
    void bad_input_names_the_field_and_creates_nothing() {
        int before = server.get("/api/v1/keys").json().get("keys").size();
        assertInvalid("{\"role\": \"viewer\"}", "name");
        assertInvalid("{\"name\": \"  \", \"role\": \"viewer\"}", "name");
        assertInvalid("{\"name\": \"" + "n".repeat(101) + "\", \"role\": \"viewer\"}", "name");
        assertInvalid("{\"name\": \"x\"}", "role");
        assertInvalid("{\"name\": \"x\", \"role\": \"root\"}", "role");
        assertInvalid("{\"name\": \"x\", \"role\": 3}", "role");
        assertInvalid("{\"name\": \"x\", \"role\": \"viewer\", \"scope\": \"all\"}", "scope");
        Response unknownProject = server.post("/api/v1/keys", "{\"name\": \"x\", \"role\": \"viewer\", \"project\": \"nope\"}");
        assertThat(unknownProject.status()).isEqualTo(404);
        assertThat(unknownProject.json().get("error").asText()).isEqualTo("not_found");
        assertThat(server.get("/api/v1/keys").json().get("keys").size()).isEqualTo(before);
    }

    private static void assertInvalid(String body, String field) {
        Response r = server.post("/api/v1/keys", body);
        assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).as(body).isEqualTo(field);
    }

    @Test
    void only_admin_keys_manage_keys() {
        for (String role : List.of("viewer", "operator", "editor", "agent")) {
            String secret = createKey(server, TestServer.ADMIN_KEY, "no-keys-" + role, role, null).get("key").asText();
            assertThat(call(secret, "GET", "/api/v1/keys", null).status()).as(role).isEqualTo(403);
            assertThat(call(secret, "POST", "/api/v1/keys", "{\"name\": \"x\", \"role\": \"admin\"}").status()).as(role).isEqualTo(403);
            assertThat(call(secret, "DELETE", "/api/v1/keys/1", null).status()).as(role).isEqualTo(403);
        }
    }

    @Test
    void a_project_admin_manages_only_its_own_projects_keys() {
        String alphaAdmin = createKey(server, TestServer.ADMIN_KEY, "alpha-admin", "admin", "alpha").get("key").asText();
        JsonNode betaKey = createKey(server, TestServer.ADMIN_KEY, "beta-viewer", "viewer", "beta");
        JsonNode globalKey = createKey(server, TestServer.ADMIN_KEY, "global-viewer", "viewer", null);

        JsonNode alphaAgent = createKey(server, alphaAdmin, "alpha-agent", "agent", "alpha");
        assertThat(alphaAgent.get("project").asText()).isEqualTo("alpha");
        assertThat(call(alphaAdmin, "POST", "/api/v1/keys", "{\"name\": \"x\", \"role\": \"viewer\", \"project\": \"beta\"}").status()).isEqualTo(403);
        assertThat(call(alphaAdmin, "POST", "/api/v1/keys", "{\"name\": \"x\", \"role\": \"admin\"}").status()).isEqualTo(403);

        JsonNode seen = call(alphaAdmin, "GET", "/api/v1/keys", null).json().get("keys");
        assertThat(seen).isNotEmpty().allSatisfy(k -> assertThat(k.path("project").asText()).isEqualTo("alpha"));

        assertThat(call(alphaAdmin, "DELETE", "/api/v1/keys/" + betaKey.get("id").asLong(), null).status()).isEqualTo(404);
        assertThat(call(alphaAdmin, "DELETE", "/api/v1/keys/" + globalKey.get("id").asLong(), null).status()).isEqualTo(404);
        assertThat(call(betaKey.get("key").asText(), "GET", "/api/v1/projects", null).status()).isEqualTo(200);
        assertThat(call(alphaAdmin, "DELETE", "/api/v1/keys/" + alphaAgent.get("id").asLong(), null).status()).isEqualTo(204);
    }

    /**
     * Through the API the last admin key for every project can only be at stake when two admin keys
     * delete each other at once: each caller was another admin when it was authenticated. Holding
     * the database's single writer makes both requests authenticate first and then race.
     */
    @Test
    void two_admins_deleting_each_other_at_once_leave_one() throws Exception {
        TestServer own = TestServer.start(MutableClock.at("2025-06-01T10:00:00Z"));
        try {
            JsonNode other = createKey(own, TestServer.ADMIN_KEY, "other-admin", "admin", null);
            long configuredId = own.vigil.store().read(tx -> tx.apiKeys().list()).getFirst().id();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> writerHeld = new CompletableFuture<>();
            Thread holder = Thread.ofVirtual().start(() -> own.vigil.store().write(tx -> {
                writerHeld.complete(null);
                await(release);
                return null;
            }));
            writerHeld.get();
            var first = CompletableFuture.supplyAsync(() ->
                    call(own, TestServer.ADMIN_KEY, "DELETE", "/api/v1/keys/" + other.get("id").asLong(), null));
            var second = CompletableFuture.supplyAsync(() ->
                    call(own, other.get("key").asText(), "DELETE", "/api/v1/keys/" + configuredId, null));
            Thread.sleep(1_000); // both requests authenticate (reads do not wait for the writer), then queue for it
            release.countDown();
            holder.join();

            List<Integer> statuses = new ArrayList<>(List.of(first.get().status(), second.get().status()));
            statuses.sort(null);
            assertThat(statuses).containsExactly(204, 409);
            Response refused = first.get().status() == 409 ? first.get() : second.get();
            assertThat(refused.json().get("message").asText()).contains("last admin key");
            List<ApiKey> left = own.vigil.store().read(tx -> tx.apiKeys().list());
            assertThat(left).filteredOn(k -> k.role() == ApiKey.Role.ADMIN && k.projectId() == null).hasSize(1);
        } finally {
            own.closeAndDelete();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode find(JsonNode list, long id) {
        for (JsonNode k : list.get("keys")) {
            if (k.get("id").asLong() == id) return k;
        }
        throw new AssertionError("key " + id + " not listed: " + list);
    }
}
