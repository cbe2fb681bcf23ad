package dev.vigil.alert.channel.email;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;

/**
 * The text/html alternative: title, a table of the facts, the last output lines and links to the
 * job and the incident. Inline styles only, because mail clients drop style sheets; every value is
 * escaped, because job names, reasons and output are user data.
 */
final class EmailHtml {
    private EmailHtml() {}

    static String render(AlertMessage m) {
        String title = escape(AlertText.title(m));
        StringBuilder b = new StringBuilder(1024)
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body style=\"font-family: sans-serif; font-size: 14px\">\n")
                .append("<h2 style=\"color: ").append(color(m)).append("\">").append(title).append("</h2>\n")
                .append("<table style=\"border-collapse: collapse\">\n");
        for (String[] fact : AlertText.facts(m)) {
            b.append("<tr><th style=\"text-align: left; padding: 2px 12px 2px 0; vertical-align: top\">")
                    .append(escape(fact[0])).append("</th><td style=\"padding: 2px 0\">").append(escape(fact[1]))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        String output = AlertText.output(m);
        if (output != null) {
            b.append("<p><strong>Last output</strong></p>\n<pre style=\"background: #f4f4f4; padding: 8px\">")
                    .append(escape(output)).append("</pre>\n");
        }
        String job = link(m.jobUrl(), "Open the job");
        String incident = link(m.incidentUrl(), "Open the incident");
        String links = job.isEmpty() || incident.isEmpty() ? job + incident : job + " · " + incident;
        if (!links.isEmpty()) b.append("<p>").append(links).append("</p>\n");
        return b.append("</body></html>\n").toString();
    }

    // Links are built by Vigil from its base URL; still, only http(s) becomes a link (never javascript:).
    private static String link(String url, String text) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) return "";
        return "<a href=\"" + escape(url) + "\">" + escape(text) + "</a>";
    }

    private static String color(AlertMessage m) {
        if (m.isResolve()) return "#1a7f37";
        if (m.isAcknowledge()) return "#57606a";
        return m.isCritical() ? "#cf222e" : "#9a6700";
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
