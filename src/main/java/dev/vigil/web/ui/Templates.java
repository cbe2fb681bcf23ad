package dev.vigil.web.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** The dashboard's JTE templates, compiled to classes at build time (src/main/jte). */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /**
     * Renders {@code template} (its one parameter is {@code model}) as the HTML answer, straight to
     * UTF-8 bytes: a board of thousands of jobs is megabytes, not worth a String on the way.
     */
    void render(Context ctx, String template, Object model) {
        ctx.contentType("text/html; charset=utf-8").result(html(template, model).stream());
    }

    HtmlBytes html(String template, Object model) {
        HtmlBytes out = new HtmlBytes();
        engine.render(template, model, out);
        return out;
    }

    String render(String template, Object model) {
        StringOutput out = new StringOutput(8192);
        engine.render(template, model, out);
        return out.toString();
    }
}
