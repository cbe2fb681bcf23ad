package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Schedules;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.Sight;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code /ui/p/{project}/jobs/{slug}}: one job — its schedule in words and next fire times, its
 * settings, run history, a chart of run durations and a timeline of events and status changes.
 * The live parts render alone with {@code ?fragment=head|when|runs|chart|timeline}.
 */
final class JobPage {
    static final int RUNS_PAGE = 20;
    static final int FIRE_TIMES = 5;
    /** Runs read to find the chart's finished ones (queued and skipped runs are left out). */
    private static final int CHART_READ = 200;
    private static final List<String> PARTS = List.of("head", "when", "runs", "chart", "timeline");

    private final Dashboard ui;

    JobPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/p/{project}/jobs/{slug}", this::page);
        new JobActions(ui, this).register(config);
        new JobFormPage(ui, this).register(config);
    }

    /** A job with its state, after checking the caller may see its project. */
    record Loaded(Project project, Job job, JobState state) {
        JobView.Ref ref() {
            return new JobView.Ref(project.slug(), job.slug());
        }
    }

    Loaded load(Context ctx) {
        Project project = ui.project(ctx);
        String slug = ctx.pathParam("slug");
        return ui.store.read(tx -> {
            Job job = tx.jobs().bySlug(project.id(), slug)
                    .orElseThrow(() -> new NotFoundException("no job '" + slug + "' in project '" + project.slug() + "'"));
            return new Loaded(project, job, tx.states().get(job.id()).orElse(JobState.initial(job.id(), job.createdAt())));
        });
    }

    private void page(Context ctx) {
        Loaded l = load(ctx);
        String part = part(ctx);
        if (part != null) {
            renderPart(ctx, l, part);
            return;
        }
        Chrome chrome = ui.chrome(ctx, l.project(), "board", name(l.job()));
        JobView.Access access = new JobView.Access(chrome.canOperate(), chrome.csrf());
        boolean secrets = Sight.of(UiAuth.key(ctx)).pingSecrets();
        JobSettings settings = JobSettings.of(l.job(), secrets ? ui.baseUrl + "/ping/" + l.job().uuid() : null);
        JobView.RunNow runNow = access.canOperate() && l.job().isManaged()
                ? new JobView.RunNow(l.ref(), access.csrf(), new TreeMap<>(l.job().execution().params())) : null;
        ReportSnippets report = secrets && !l.job().isManaged() ? ReportSnippets.of(l.job(), ui.baseUrl) : null;
        boolean canEdit = ApiKeys.allows(UiAuth.key(ctx), ApiKey.Role.EDITOR, l.project().id());
        ui.templates.render(ctx, "job.jte", new JobView.Page(chrome, head(l, access), when(l), settings,
                runs(l, access, before(ctx, "a run id")), chart(l), timeline(l), runNow, report, canEdit));
    }

    /** Which live part is asked for: {@code ?fragment=}, else the id of the element htmx targets; null for the page. */
    static String part(Context ctx) {
        if (!Dashboard.fragment(ctx)) return null;
        String asked = ctx.queryParam("fragment");
        if (asked == null) {
            String target = ctx.header("HX-Target");
            asked = target != null && target.startsWith("job-") ? target.substring(4) : null;
        }
        if (asked == null) return null;
        if (!PARTS.contains(asked)) throw new ValidationException("fragment", "must be one of " + PARTS);
        return asked;
    }

    void renderPart(Context ctx, Loaded l, String part) {
        JobView.Access access = access(ctx, l);
        switch (part) {
            case "head" -> ui.templates.render(ctx, "job-head.jte", head(l, access));
            case "when" -> ui.templates.render(ctx, "job-when.jte", when(l));
            case "runs" -> ui.templates.render(ctx, "job-runs.jte", runs(l, access, before(ctx, "a run id")));
            case "chart" -> ui.templates.render(ctx, "job-chart.jte", chart(l));
            case "timeline" -> ui.templates.render(ctx, "job-timeline.jte", timeline(l));
            default -> throw new IllegalStateException("unknown part " + part + "; indicates a bug");
        }
    }

    private static JobView.Access access(Context ctx, Loaded l) {
        return new JobView.Access(ApiKeys.allows(UiAuth.key(ctx), ApiKey.Role.OPERATOR, l.project().id()), UiAuth.session(ctx).csrf());
    }

    /** {@code ?before=}, where a page of a list starts; null for the newest. */
    static Long before(Context ctx, String what) {
        String s = ctx.queryParam("before");
        if (s == null || s.isBlank()) return null;
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new ValidationException("before", "must be " + what);
        }
    }

    static String name(Job job) {
        return job.name() == null || job.name().isBlank() ? job.slug() : job.name();
    }

    private static JobView.Head head(Loaded l, JobView.Access access) {
        Job j = l.job();
        JobState s = l.state();
        return new JobView.Head(l.ref(), access, name(j), j.description(), j.owner(), j.tags(), s.status(), s.health(),
                s.paused(), s.statusSince(), j.isManaged());
    }

    private JobView.When when(Loaded l) {
        Schedule schedule = l.job().schedule();
        String kind = switch (schedule) {
            case Schedule.Cron c -> "cron";
            case Schedule.Every e -> "every";
            case Schedule.None n -> "none";
        };
        List<Instant> fires = kind.equals("cron") ? Schedules.fireTimes(schedule).next(ui.clock.instant(), FIRE_TIMES) : List.of();
        JobState s = l.state();
        return new JobView.When(l.ref(), Schedules.describe(schedule), kind, fires, s.paused() ? null : s.expectedAt(),
                s.paused() ? null : s.nextDeadline(), s.paused(), s.lastStartedAt(), s.lastSucceededAt());
    }

    JobView.Runs runs(Loaded l, JobView.Access access, Long before) {
        List<Run> page = ui.store.read(tx -> tx.runs().byJob(l.job().id(), before, RUNS_PAGE + 1));
        Long older = page.size() > RUNS_PAGE ? page.get(RUNS_PAGE - 1).id() : null;
        List<JobView.RunRow> rows = page.stream().limit(RUNS_PAGE).map(JobView.RunRow::of).toList();
        return new JobView.Runs(l.ref(), access, l.job().isManaged(), rows, before, older, ui.clock.instant());
    }

    private DurationChart chart(Loaded l) {
        List<Run> recent = ui.store.read(tx -> tx.runs().byJob(l.job().id(), null, CHART_READ));
        return DurationChart.of(l.ref(), recent, l.job().maxRuntime());
    }

    private Timeline timeline(Loaded l) {
        long id = l.job().id();
        return ui.store.read(tx -> Timeline.of(l.ref(), tx.events().byJob(id, null, Timeline.READ), tx.flips().byJob(id, null, Timeline.READ)));
    }

    /** The live part an htmx request targets ({@code HX-Target: job-runs}), or null if none of this page's. */
    static String targetedPart(Context ctx) {
        String target = ctx.header("HX-Target");
        if (target == null || !target.startsWith("job-")) return null;
        String part = target.substring(4);
        return PARTS.contains(part) ? part : null;
    }
}
