package dev.vigil.cli.client;

/** A job as the command line names it, {@code PROJECT/SLUG}, as {@code vigil run --job} does. */
public record JobRef(String project, String slug) {

    public static JobRef parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw ClientException.usage("a job is PROJECT/SLUG, e.g. prod/nightly; got '" + text + "'");
        }
        return new JobRef(parts[0], parts[1]);
    }

    /** The job's API path: {@code /jobs/PROJECT/SLUG}. */
    public String path() {
        return "/jobs/" + ApiClient.seg(project) + "/" + ApiClient.seg(slug);
    }

    @Override
    public String toString() {
        return project + "/" + slug;
    }
}
