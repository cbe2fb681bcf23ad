package dev.vigil.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.parser.CronParser;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a cron expression with cron-utils (syntax, ranges, names) and compiles it to a
 * {@link CronPattern}. Macros and the optional seconds field are handled here because cron-utils'
 * Unix definition knows neither.
 */
final class CronCompiler {

    static final String[] FIELD_NAMES = {"second", "minute", "hour", "day-of-month", "month", "day-of-week"};

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    // The parser is immutable once built; sharing it is what keeps compiling cheap.
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronCompiler() {
    }

    /** The six fields, seconds first ("0" when the expression has five), macros expanded. */
    static String[] fields(String expression) {
        String text = expression == null ? "" : expression.strip();
        if (text.isEmpty()) {
            throw new InvalidScheduleException("cron", "is empty; expected 5 fields (minute hour day-of-month month "
                    + "day-of-week), 6 fields (second first) or a macro such as @daily");
        }
        if (text.startsWith("@")) {
            String expanded = MACROS.get(text.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new InvalidScheduleException("cron", "unknown macro '" + text
                        + "'; known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
            }
            text = expanded;
        }
        String[] parts = text.split("\\s+");
        if (parts.length == 5) {
            String[] six = new String[6];
            six[0] = "0";
            System.arraycopy(parts, 0, six, 1, 5);
            return six;
        }
        if (parts.length != 6) {
            throw new InvalidScheduleException("cron", "expected 5 fields (minute hour day-of-month month day-of-week)"
                    + " or 6 fields (second first), got " + parts.length);
        }
        return parts;
    }

    static CronPattern compile(String expression) {
        String[] f = fields(expression);
        for (int i = 0; i < f.length; i++) {
            checkCharacters(f[i], i);
        }
        Cron cron = parse(String.join(" ", f[1], f[2], f[3], f[4], f[5]), f, 1);
        // Seconds share the minute field's syntax and range, so the minute slot of a probe parses them.
        Cron secondsProbe = parse(f[0] + " * * * *", f, 0);
        return new CronPattern(
                CronFieldMask.of(secondsProbe.retrieve(CronFieldName.MINUTE).getExpression(), 0, 59, FIELD_NAMES[0]),
                CronFieldMask.of(cron.retrieve(CronFieldName.MINUTE).getExpression(), 0, 59, FIELD_NAMES[1]),
                CronFieldMask.of(cron.retrieve(CronFieldName.HOUR).getExpression(), 0, 23, FIELD_NAMES[2]),
                CronFieldMask.of(cron.retrieve(CronFieldName.DAY_OF_MONTH).getExpression(), 1, 31, FIELD_NAMES[3]),
                CronFieldMask.of(cron.retrieve(CronFieldName.MONTH).getExpression(), 1, 12, FIELD_NAMES[4]),
                CronFieldMask.foldSunday(
                        CronFieldMask.of(cron.retrieve(CronFieldName.DAY_OF_WEEK).getExpression(), 0, 7, FIELD_NAMES[5])),
                f[3].startsWith("*"), f[5].startsWith("*"),
                f[2].indexOf('*') >= 0 || f[2].indexOf('/') >= 0);
    }

    /** Parses with cron-utils; on failure finds the field at fault, since cron-utils does not say. */
    private static Cron parse(String fiveFields, String[] f, int firstField) {
        try {
            return UNIX.parse(fiveFields).validate();
        } catch (IllegalArgumentException e) {
            for (int i = firstField; i < 6; i++) {
                if (!parses(i == 0 ? f[0] + " * * * *" : probe(f[i], i))) {
                    throw new InvalidScheduleException("cron", FIELD_NAMES[i] + " field: " + CronMessages.explain(f[i], e));
                }
            }
            throw new InvalidScheduleException("cron", "'" + fiveFields + "' is not valid: " + CronMessages.explain("", e));
        }
    }

    /** A five-field expression with {@code field} at position {@code index} and '*' everywhere else. */
    private static String probe(String field, int index) {
        String[] five = {"*", "*", "*", "*", "*"};
        five[index - 1] = field;
        return String.join(" ", five);
    }

    private static boolean parses(String fiveFields) {
        try {
            UNIX.parse(fiveFields).validate();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Quartz-only syntax gets a clearer message than cron-utils' "invalid chars". */
    private static void checkCharacters(String field, int index) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '*' || c == ',' || c == '-' || c == '/')) {
                throw new InvalidScheduleException("cron", FIELD_NAMES[index] + " field: '" + c
                        + "' is not supported; " + CronMessages.SYNTAX);
            }
        }
    }
}
