package dev.vigil.web.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.web.AlertRuleChanges;
import dev.vigil.web.AlertRuleInput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code /ui/p/{project}/rules}: who is told about which incident. The routes (one ordered list) and
 * each escalation policy are edited as the JSON the API takes, read by the API's own
 * {@link AlertRuleInput} through {@link AlertRuleChanges}; an error names the JSON path it is about
 * and is shown on the editor it came from, with what was typed.
 */
final class AlertRulesPage {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Dashboard ui;
    private final AlertRuleChanges changes;

    AlertRulesPage(Dashboard ui) {
        this.ui = ui;
        this.changes = new AlertRuleChanges(ui.store, ui.audit, ui.clock);
    }

    void register(JavalinConfig config) {
        String base = Dashboard.ROOT + "/p/{project}/rules";
        config.routes.get(base, this::page);
        config.routes.post(base + "/routes", this::saveRoutes);
        config.routes.post(base + "/policies", this::savePolicy);
        config.routes.post(base + "/policies/{name}/delete", this::deletePolicy);
    }

    private void page(Context ctx) {
        Project project = ui.project(ctx);
        String done = ctx.queryParam("done");
        render(ctx, project, HttpStatus.OK, null, null, null, "saved".equals(done) ? "Saved." : "deleted".equals(done) ? "Deleted." : null);
    }

    private void saveRoutes(Context ctx) {
        Project project = admin(ctx);
        String text = ctx.formParam("routes") == null ? "" : ctx.formParam("routes");
        try {
            changes.replaceRoutes(project, Dashboard.actor(ctx), parse(text.isBlank() ? "[]" : text, "routes"));
        } catch (ValidationException e) {
            render(ctx, project, HttpStatus.UNPROCESSABLE_CONTENT, error("routes", e), text, null, null);
            return;
        }
        done(ctx, project, "saved");
    }

    /** Creates or replaces the policy named in the form. */
    private void savePolicy(Context ctx) {
        Project project = admin(ctx);
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        String text = ctx.formParam("policy") == null ? "" : ctx.formParam("policy");
        String editor = "true".equals(ctx.formParam("existing")) ? "policy:" + name : "new-policy";
        try {
            AlertRuleInput.checkPolicyName(name, "name");
            changes.putPolicy(project, Dashboard.actor(ctx), name, parse(text, "policy"));
        } catch (ValidationException e) {
            render(ctx, project, HttpStatus.UNPROCESSABLE_CONTENT, error(editor, e), null, Map.of(editor, text, "name", name), null);
            return;
        }
        done(ctx, project, "saved");
    }

    private void deletePolicy(Context ctx) {
        Project project = admin(ctx);
        String name = ctx.pathParam("name");
        try {
            changes.deletePolicy(project, Dashboard.actor(ctx), name);
        } catch (ConflictException e) {
            render(ctx, project, HttpStatus.CONFLICT, new AlertRulesView.Error("policy:" + name, null, e.getMessage()), null, null, null);
            return;
        }
        done(ctx, project, "deleted");
    }

    private static JsonNode parse(String text, String field) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValidationException(field, "is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
    }

    private static AlertRulesView.Error error(String editor, ValidationException e) {
        String message = e.field() == null ? e.getMessage() : e.getMessage().substring(e.field().length() + 2);
        return new AlertRulesView.Error(editor, e.field(), message);
    }

    /**
     * @param routesTyped what to show in the routes editor instead of the stored routes (after an error)
     * @param typed       the typed text of the policy editor that failed, by editor, and the typed name
     */
    private void render(Context ctx, Project project, HttpStatus status, AlertRulesView.Error error, String routesTyped,
                        Map<String, String> typed, String done) {
        boolean admin = ApiKeys.allows(UiAuth.key(ctx), Role.ADMIN, project.id());
        var stored = ui.store.read(tx -> new Object[] {tx.alertRules().routes(project.id()), tx.alertRules().policies(project.id()),
                tx.channels().byProject(project.id()).stream().map(Channel::name).collect(Collectors.toCollection(TreeSet::new))});
        @SuppressWarnings("unchecked") List<dev.vigil.domain.AlertRoute> routes = (List<dev.vigil.domain.AlertRoute>) stored[0];
        @SuppressWarnings("unchecked") List<EscalationPolicy> policies = (List<EscalationPolicy>) stored[1];
        @SuppressWarnings("unchecked") TreeSet<String> channels = (TreeSet<String>) stored[2];
        String routesJson = routesTyped != null ? routesTyped : write(routes.stream().map(AlertRuleChanges::routeView).toList());
        List<AlertRulesView.Policy> list = policies.stream().map(p -> {
            String editor = "policy:" + p.name();
            String json = typed != null && typed.containsKey(editor) ? typed.get(editor) : policyJson(p);
            return new AlertRulesView.Policy(p.name(), json, summary(p));
        }).toList();
        Map<String, String> newPolicy = new LinkedHashMap<>();
        if (typed != null && typed.containsKey("new-policy")) {
            newPolicy.put("json", typed.get("new-policy"));
            newPolicy.put("name", typed.get("name"));
        }
        ctx.status(status);
        ui.templates.render(ctx, "rules.jte", new AlertRulesView.Page(new AlertRulesView(ui.chrome(ctx, project, "rules",
                "Routes and escalation · " + project.name()), project, admin, UiAuth.session(ctx).csrf(), routesJson, list,
                channels, error, done), newPolicy));
    }

    private static String policyJson(EscalationPolicy p) {
        Map<String, Object> view = new LinkedHashMap<>(AlertRuleChanges.policyView(p));
        view.remove("name");
        view.remove("createdAt");
        return write(view);
    }

    /** {@code 3 steps, last after 1h; repeated every 1h, 3 times}. */
    private static String summary(EscalationPolicy p) {
        String s = p.steps().size() + (p.steps().size() == 1 ? " step" : " steps");
        if (p.steps().size() > 1) s += ", the last after " + Human.duration(p.steps().getLast().after());
        if (p.repeatEvery() != null) {
            s += "; then every " + Human.duration(p.repeatEvery()) + (p.repeatTimes() == null ? " until acknowledged" : ", " + p.repeatTimes() + " times");
        }
        return s;
    }

    private static String write(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write rules as JSON; indicates a bug", e);
        }
    }

    private void done(Context ctx, Project project, String what) {
        String back = Dashboard.ROOT + "/p/" + project.slug() + "/rules?done=" + what;
        if ("true".equals(ctx.header("HX-Request"))) {
            ctx.header("HX-Redirect", back);
            ctx.status(200).result("");
        } else {
            ctx.redirect(back, HttpStatus.SEE_OTHER);
        }
    }

    private Project admin(Context ctx) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.ADMIN, project.id());
        return project;
    }
}
