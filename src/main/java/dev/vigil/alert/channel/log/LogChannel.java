package dev.vigil.alert.channel.log;

import dev.vigil.alert.AlertChannel;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.ConfigJson;
import dev.vigil.domain.Channel;
import dev.vigil.domain.Job;
import dev.vigil.domain.ValidationException;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert as one structured line to the SLF4J logger {@value #LOGGER}: {@code down} at
 * WARN, {@code up} at INFO. Useful as a first channel, for log-based alerting, and as an audit
 * trail next to the real ones. Takes no settings. Never fails: a logging problem must not turn into
 * retries.
 */
public final class LogChannel implements AlertChannel {
    public static final String KIND = "log";
    public static final String LOGGER = "vigil.alerts";

    private final Logger log;

    public LogChannel() {
        this(LoggerFactory.getLogger(LOGGER));
    }

    LogChannel(Logger log) {
        this.log = log;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void validateConfig(String configJson) {
        Iterator<String> fields = ConfigJson.parseObject(configJson).fieldNames();
        if (fields.hasNext()) {
            throw new ValidationException(ConfigJson.field(fields.next()), "unknown field; the log channel takes no settings");
        }
    }

    @Override
    public void send(Channel channel, AlertMessage m, String idempotencyKey) {
        try {
            String line = "alert " + m.kind() + " job=" + m.jobKey() + " status=" + m.status()
                    + " health=" + m.health() + " since=" + m.since() + " reason=" + quote(m.reason())
                    + " owner=" + quote(m.owner()) + " tags=" + String.join(",", m.tags())
                    + " channel=" + quote(channel.name()) + " key=" + Job.withUniqueKeys(idempotencyKey) + " url=" + m.jobUrl();
            if (m.isDown()) log.warn(line);
            else log.info(line);
        } catch (RuntimeException e) {
            // Swallowed on purpose: nothing a retry could fix, and the attempt is still recorded.
        }
    }

    // Quoted so that a reason with spaces stays one key=value pair for log parsers.
    private static String quote(String s) {
        if (s == null) return "-";
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
