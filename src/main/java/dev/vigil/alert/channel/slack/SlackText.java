package dev.vigil.alert.channel.slack;

/**
 * Slack's text rules. In {@code mrkdwn} text, {@code &}, {@code <} and {@code >} are control
 * characters ({@code <!channel>} pings everyone, {@code <url|label>} is a link), so text from jobs
 * is escaped; and fields have length limits, applied without cutting an escape in half.
 */
final class SlackText {
    private SlackText() {}

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code text} cut to at most {@code max} characters, ending in "…" if cut. */
    static String head(String text, int max) {
        if (text.length() <= max) return text;
        int cut = max - 1;
        int amp = text.lastIndexOf('&', cut - 1);
        if (amp >= 0 && text.indexOf(';', amp) >= cut) cut = amp;
        if (Character.isLowSurrogate(text.charAt(cut))) cut--;
        return text.substring(0, cut) + "…";
    }

    /**
     * {@code heading} and then {@code raw} escaped in a ``` code block, at most {@code max}
     * characters: when too long, the start of {@code raw} is dropped, since the last lines of
     * output say most about a failure.
     */
    static String codeBlock(String heading, String raw, int max) {
        // A ``` inside the output would end the block early; a zero-width space keeps it literal.
        String body = escape(raw.replace("```", "`\u200b`\u200b`"));
        int room = max - heading.length() - 6;
        if (body.length() > room) {
            int cut = body.length() - room + 1;
            int amp = body.lastIndexOf('&', cut - 1);
            if (amp >= 0 && body.indexOf(';', amp) >= cut) cut = body.indexOf(';', amp) + 1;
            if (cut < body.length() && Character.isLowSurrogate(body.charAt(cut))) cut++;
            body = "…" + body.substring(cut);
        }
        return heading + "```" + body + "```";
    }
}
