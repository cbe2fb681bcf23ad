package dev.vigil.web.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        config.routes.post(base + "/routes/add", this::addRoute);
        config.routes.post(base + "/routes/{index}/{change}", this::changeRoute);
        config.routes.post(base + "/policies", this::savePolicy);
        config.routes.post(base + "/policies/{name}/delete", this::deletePolicy);
    }

    private void page(Context ctx) {
        Project project = ui.project(ctx);
        String done = ctx.queryParam("done");
        render(ctx, project, HttpStatus.OK, null, null, null, "saved".equals(done) ? "Saved." : "deleted".equals(done) ? "Deleted." : null,
                Map.of());
    }

    private void saveRoutes(Context ctx) {
        Project project = admin(ctx);
        String text = ctx.formParam("routes") == null ? "" : ctx.formParam("routes");
        try {
            changes.replaceRoutes(project, Dashboard.actor(ctx), parse(text.isBlank() ? "[]" : text, "routes"));
        } catch (ValidationException e) {
            render(ctx, project, HttpStatus.UNPROCESSABLE_CONTENT, error("routes", e), text, null, null, Map.of());
            return;
        }
        done(ctx, project, "saved");
    }

    /**
     * Adds a route at the end of the list from the structured form; the whole list is then read by
     * {@link AlertRuleInput} as the API's {@code PUT …/routes} would read it.
     */
    private void addRoute(Context ctx) {
        Project project = admin(ctx);
        Map<String, String> typed = new LinkedHashMap<>();
        for (String f : List.of("name", "tags", "owners", "escalation")) typed.put(f, ctx.formParam(f) == null ? "" : ctx.formParam(f).strip());
        typed.put("severities", String.join(",", ctx.formParams("severities")));
        typed.put("channels", String.join(",", ctx.formParams("channels")));
        typed.put("continue", ctx.formParam("continue") == null ? "" : "on");
        ObjectNode route = JSON.createObjectNode();
        if (!typed.get("name").isEmpty()) route.put("name", typed.get("name"));
        ObjectNode match = route.putObject("match");
        list(match, "tags", typed.get("tags"));
        list(match, "owners", typed.get("owners"));
        list(match, "severities", typed.get("severities"));
        list(route, "channels", typed.get("channels"));
        if (!typed.get("escalation").isEmpty()) route.put("escalation", typed.get("escalation"));
        route.put("continue", !typed.get("continue").isEmpty());
        ArrayNode routes = storedRoutes(project);
        String at = "routes[" + routes.size() + "]";
        routes.add(route);
        try {
            changes.replaceRoutes(project, Dashboard.actor(ctx), routes);
        } catch (ValidationException e) {
            String field = e.field() == null || !e.field().startsWith(at + ".") ? "name" : e.field().substring(at.length() + 1)
                    .replaceFirst("^match\\.", "").replaceFirst("\\[\\d+]$", "");
            String message = e.field() == null ? e.getMessage() : e.getMessage().substring(e.field().length() + 2);
            render(ctx, project, HttpStatus.UNPROCESSABLE_CONTENT, new AlertRulesView.Error("add-route", field, message), null, null,
                    null, typed);
            return;
        }
        done(ctx, project, "saved");
    }

    /** Moves a route up or down the list, or removes it: the rest of the list as it is. */
    private void changeRoute(Context ctx) {
        Project project = admin(ctx);
        ArrayNode routes = storedRoutes(project);
        int index;
        try {
            index = Integer.parseInt(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= routes.size()) {
            throw new dev.vigil.domain.NotFoundException("no route " + ctx.pathParam("index") + " in project '" + project.slug() + "'");
        }
        switch (ctx.pathParam("change")) {
            case "up" -> swap(routes, index, index - 1);
            case "down" -> swap(routes, index, index + 1);
            case "remove" -> routes.remove(index);
            default -> throw new dev.vigil.domain.NotFoundException("no such change: " + ctx.pathParam("change"));
        }
        changes.replaceRoutes(project, Dashboard.actor(ctx), routes);
        done(ctx, project, "saved");
    }

    private static void swap(ArrayNode routes, int i, int j) {
        if (j < 0 || j >= routes.size()) return;
        JsonNode a = routes.get(i);
        routes.set(i, routes.get(j));
        routes.set(j, a);
    }

    /** The stored routes as the API's JSON, as a {@code PUT …/routes} body would give them. */
    private ArrayNode storedRoutes(Project project) {
        ArrayNode routes = JSON.createArrayNode();
        ui.store.read(tx -> tx.alertRules().routes(project.id()))
                .forEach(r -> routes.add(JSON.valueToTree(AlertRuleChanges.routeView(r))));
        // The view spells out what is absent (null name or escalation); the input takes them as absent too.
        routes.forEach(r -> {
            List<String> absent = new java.util.ArrayList<>();
            r.fieldNames().forEachRemaining(n -> {
                if (r.get(n).isNull()) absent.add(n);
            });
            ((ObjectNode) r).remove(absent);
        });
        return routes;
    }

    private static void list(ObjectNode node, String field, String commaSeparated) {
        ArrayNode array = JSON.createArrayNode();
        for (String item : commaSeparated.split(",")) if (!item.isBlank()) array.add(item.strip());
        if (!array.isEmpty()) node.set(field, array);
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
            render(ctx, project, HttpStatus.UNPROCESSABLE_CONTENT, error(editor, e), null, Map.of(editor, text, "name", name), null,
                    Map.of());
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
            render(ctx, project, HttpStatus.CONFLICT, new AlertRulesView.Error("policy:" + name, null, e.getMessage()), null, null, null,
                    Map.of());
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
     * @param addRoute    what was typed into the add-route form, after an error
     */
    private void render(Context ctx, Project project, HttpStatus status, AlertRulesView.Error error, String routesTyped,
                        Map<String, String> typed, String done, Map<String, String> addRoute) {
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
                channels, error, done), newPolicy, routes, addRoute));
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
