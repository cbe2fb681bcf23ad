package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.ChannelRegistry;
import dev.vigil.alert.channel.log.LogChannel;
import dev.vigil.alert.channel.webhook.WebhookChannel;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestOutbound;
import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code VIGIL_ALERTING(_FILE)}: channels, policies and routes applied at start, all or nothing, errors naming the JSON path. */
class AlertingFileTest {
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    private static final String FULL = """
            {"projects": {"prod": {
              "channels": [
                {"kind": "log", "name": "chat"},
                {"kind": "webhook", "name": "pager", "config": {"url": "http://127.0.0.1:9/hook"}, "fallback": false}],
              "escalationPolicies": [
                {"name": "on-call", "steps": [{"channels": ["chat"]}, {"after": "15m", "channels": ["pager"], "owner": true}],
                 "repeat": {"every": "30m"}}],
              "routes": [
                {"name": "db", "match": {"tags": ["db"]}, "escalation": "on-call"},
                {"channels": ["chat"]}]}}}""";

    @TempDir
    Path dir;
    private Transactor store;
    private Project prod;
    private final ChannelRegistry registry = ChannelRegistry.of(new WebhookChannel(TestOutbound.alertClient(), Clock.systemUTC()), new LogChannel());

    @BeforeEach
    void open() {
        store = SqlStores.sqlite(dir);
        prod = store.write(tx -> tx.projects().insert("prod", "Prod", "pk-prod-0123456789", NOW));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void apply(String json) {
        AlertingFile.apply(store, json, registry, NOW);
    }

    private void assertRejected(String json, String field) {
        assertThatThrownBy(() -> apply(json)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
    }

    @Test
    void channels_policies_and_routes_are_applied() {
        apply(FULL);

        assertThat(store.read((Tx tx) -> tx.channels().byProject(prod.id()))).extracting(Channel::name, Channel::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("chat", "log"), org.assertj.core.groups.Tuple.tuple("pager", "webhook"));
        EscalationPolicy policy = store.read((Tx tx) -> tx.alertRules().policy(prod.id(), "on-call")).orElseThrow();
        assertThat(policy.steps()).hasSize(2);
        assertThat(policy.steps().get(1).after()).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.repeatEvery()).isEqualTo(Duration.ofMinutes(30));
        assertThat(store.read((Tx tx) -> tx.alertRules().routes(prod.id()))).containsExactly(
                new AlertRoute("db", List.of("db"), List.of(), List.of(), List.of(), "on-call", false),
                new AlertRoute(null, List.of(), List.of(), List.of(), List.of("chat"), null, false));
        // What the file changed is in the audit log, by Vigil itself; a channel's config with its secrets masked, as the API's.
        var entries = store.read((Tx tx) -> tx.audit().list(new dev.vigil.store.AuditStore.Filter(null, null, null, null, null, null,
                null, 100)));
        assertThat(entries).extracting(e -> e.action() + " " + e.target()).containsExactlyInAnyOrder(
                "channel.create prod/chat", "channel.create prod/pager", "policy.create prod/on-call", "routes.replace prod");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(dev.vigil.domain.Actor.SYSTEM);
            assertThat(String.valueOf(e.after())).doesNotContain("/hook");
        });
    }

    @Test
    void applying_again_makes_the_channels_it_names_match_and_replaces_routes() {
        apply(FULL);
        Channel chat = store.read((Tx tx) -> tx.channels().byProject(prod.id())).get(0);

        apply("""
                {"projects": {"prod": {"channels": [{"kind": "webhook", "name": "chat", "config": {"url": "http://127.0.0.1:9/x"}}],
                                       "routes": [{"channels": ["pager"]}]}}}""");

        Channel changed = store.read((Tx tx) -> tx.channels().byProject(prod.id())).get(0);
        assertThat(changed.id()).isEqualTo(chat.id());
        assertThat(changed.kind()).isEqualTo("webhook");
        assertThat(changed.config()).contains("http://127.0.0.1:9/x");
        assertThat(store.read((Tx tx) -> tx.channels().byProject(prod.id()))).extracting(Channel::name).containsExactly("chat", "pager");
        assertThat(store.read((Tx tx) -> tx.alertRules().routes(prod.id()))).extracting(AlertRoute::channels)
                .containsExactly(List.of("pager"));
        assertThat(store.read((Tx tx) -> tx.alertRules().policies(prod.id()))).hasSize(1);
    }

    @Test
    void a_channel_secret_may_come_from_the_environment_and_is_kept_as_a_reference() {
        AlertingFile.apply(store, """
                {"projects": {"prod": {"channels": [
                  {"kind": "webhook", "name": "hook", "config": {"url": "http://127.0.0.1:9/h", "secret": {"fromEnv": "HOOK_SECRET"}}}]}}}""",
                registry, NOW, Map.of("HOOK_SECRET", "s3cr3t-value"));

        assertThat(store.read((Tx tx) -> tx.channels().byProject(prod.id())).get(0).config()).contains("s3cr3t-value");
        assertThat(store.read((Tx tx) -> tx.managed().byProject(prod.id()))).singleElement()
                .satisfies(m -> assertThat(m.secretRefs()).containsEntry("secret", "env:HOOK_SECRET"));
        assertThat(store.read((Tx tx) -> tx.audit().list(new dev.vigil.store.AuditStore.Filter(null, null, null, null, null, null,
                null, 100)))).allSatisfy(e -> assertThat(String.valueOf(e.after())).doesNotContain("s3cr3t-value"));
        assertRejected("""
                {"projects": {"prod": {"channels": [
                  {"kind": "webhook", "name": "hook", "config": {"url": "http://127.0.0.1:9/h", "secret": {"fromEnv": "NOT_SET_ANYWHERE_42"}}}]}}}""",
                "projects.prod.channels[0].config.secret");
    }

    @Test
    void an_error_names_the_json_path_and_changes_nothing() {
        assertRejected(FULL.replace("\"channels\": [\"chat\"]}]}}}", "\"channels\": [\"chat\", \"nope\"]}]}}}"),
                "projects.prod.routes[1].channels[1]");
        assertThat(store.read((Tx tx) -> tx.channels().byProject(prod.id()))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.alertRules().policies(prod.id()))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.audit().list(new dev.vigil.store.AuditStore.Filter(null, null, null, null, null, null,
                null, 100)))).as("nothing applied, nothing recorded").isEmpty();

        assertRejected(FULL.replace("\"after\": \"15m\"", "\"after\": \"soon\""), "projects.prod.escalationPolicies[0].steps[1].after");
        assertRejected(FULL.replace("\"escalation\": \"on-call\"", "\"escalation\": \"off-call\""), "projects.prod.routes[0].escalation");
        assertRejected(FULL.replace("\"kind\": \"log\"", "\"kind\": \"carrier-pigeon\""), "projects.prod.channels[0].kind");
        assertRejected(FULL.replace("http://127.0.0.1:9/hook", "ftp://x"), "projects.prod.channels[1].config.url");
        assertRejected(FULL.replace("\"escalationPolicies\"", "\"policies\""), "projects.prod.policies");
        assertRejected(FULL.replace("{\"name\": \"on-call\", ", "{"), "projects.prod.escalationPolicies[0].name");
        assertRejected(FULL.replace("\"prod\"", "\"Not A Slug\""), "projects.Not A Slug");
        assertRejected("{\"projects\": {\"prod\": {}}, \"extra\": 1}", "extra");
        assertRejected("{\"projects\": []}", "projects");
        assertRejected("{not json", "VIGIL_ALERTING");
    }

    @Test
    void the_server_applies_the_file_named_by_the_setting_at_start() throws IOException {
        Path data = Files.createDirectory(dir.resolve("server"));
        MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
        try (TestServer first = TestServer.start(clock, data)) {
            first.createProject("shop");
        }
        Path file = Files.writeString(dir.resolve("alerting.json"), """
                {"projects": {"shop": {"channels": [{"kind": "log", "name": "chat"}], "routes": [{"channels": ["chat"]}]}}}""");
        Config config = ConfigLoader.load(Map.of(), Map.of("VIGIL_ALERTING_FILE", file.toString(), "VIGIL_DATA_DIR", data.toString()))
                .withAdminKey(TestServer.ADMIN_KEY).withHttpPort(0).withExample(false);

        try (TestServer server = TestServer.start(clock, config)) {
            var routes = server.get("/api/v1/projects/shop/routes");
            assertThat(routes.status()).as(routes.body()).isEqualTo(200);
            assertThat(routes.json().get("routes").get(0).get("channels").get(0).asText()).isEqualTo("chat");
        }

        Files.writeString(file, "{\"projects\": {\"nope\": {\"routes\": [{\"channels\": [\"absent\"]}]}}}");
        Config bad = ConfigLoader.load(Map.of(), Map.of("VIGIL_ALERTING_FILE", file.toString(), "VIGIL_DATA_DIR", data.toString()))
                .withAdminKey(TestServer.ADMIN_KEY).withHttpPort(0);
        assertThatThrownBy(() -> TestServer.start(clock, bad)).isInstanceOf(ValidationException.class).hasMessageContaining("projects.nope.routes[0].channels[0]");
    }
}
