package dev.vigil.web.ui;

/** Front-end libraries served from their WebJars (no npm build); a test fetches each. */
public final class Assets {
    public static final String HTMX = "/webjars/htmx.org/2.0.8/dist/htmx.min.js";
    public static final String UPLOT_JS = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    public static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

    private Assets() {}
}
