package dev.vigil.web.ui;

import dev.vigil.domain.ValidationException;
import dev.vigil.web.SchedulePreview;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pages around the job form: the form itself with its schedule preview, and the delete confirmation. */
public final class JobFormView {
    /** The time zones the form suggests, sorted. */
    static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();
    static final int FIRE_TIMES = 5;

    private JobFormView() {}

    public record Page(Chrome chrome, JobForm form, Preview preview, List<String> zones) {}

    public record Delete(Chrome chrome, JobView.Ref ref, String name, boolean managed) {}

    /**
     * The schedule typed so far: in words with its next fire times, or the error of the field it is
     * about ({@code cron}, {@code timezone} or {@code every}). Read by the code the preview API uses.
     *
     * @param kind {@code cron}, {@code every} or {@code none}
     */
    public record Preview(String kind, String words, List<Instant> fireTimes, String errorField, String error) {
        static Preview of(Map<String, String> v, Instant now) {
            String kind = v.get("scheduleKind") == null ? "none" : v.get("scheduleKind");
            if (!Set.of("cron", "every").contains(kind)) return new Preview("none", null, List.of(), null, null);
            String field = kind;
            try {
                String text = v.get(kind) == null ? "" : v.get(kind).strip();
                if (text.isEmpty()) return new Preview(kind, null, List.of(), null, null);
                String zone = v.get("timezone") == null || v.get("timezone").isBlank() ? null : v.get("timezone").strip();
                SchedulePreview p = kind.equals("cron")
                        ? SchedulePreview.of(text, zone, null, now, FIRE_TIMES)
                        : SchedulePreview.of(null, null, text, now, FIRE_TIMES);
                return new Preview(kind, p.text(), p.fireTimes(), null, null);
            } catch (ValidationException e) {
                if (e.field() != null) field = e.field();
                String message = e.field() == null ? e.getMessage() : e.getMessage().substring(e.field().length() + 2);
                return new Preview(kind, null, List.of(), field.equals("timezone") ? "timezone" : kind, message);
            }
        }

        /** This preview, without its error when the form already shows one at a schedule field. */
        Preview unless(String formError) {
            if (error == null || formError == null || !Set.of("cron", "every", "timezone").contains(formError)) return this;
            return new Preview(kind, null, List.of(), null, null);
        }
    }
}
