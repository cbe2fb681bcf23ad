package dev.vigil.schedule;

import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.value.FieldValue;
import com.cronutils.model.field.value.SpecialChar;

/** Turns one field of a cron expression, as parsed by cron-utils, into a bit mask of its values. */
final class CronFieldMask {

    private CronFieldMask() {
    }

    /**
     * Values run from {@code lo} to {@code hi} as the parser sees them (day-of-week: 0-7);
     * {@code name} is the field's name for error messages.
     */
    static long of(FieldExpression e, int lo, int hi, String name) {
        return switch (e) {
            case Always a -> range(lo, hi, 1);
            case On on -> {
                if (on.getSpecialChar().getValue() != SpecialChar.NONE) {
                    throw unsupported(e, name);
                }
                yield 1L << on.getTime().getValue();
            }
            case Between b -> range(value(b.getFrom(), e, name), value(b.getTo(), e, name), 1);
            case Every every -> {
                int step = every.getPeriod().getValue();
                yield switch (every.getExpression()) {
                    case Always a -> range(lo, hi, step);
                    case Between b -> range(value(b.getFrom(), e, name), value(b.getTo(), e, name), step);
                    // "5/10" means from 5 to the end of the range, as in cronie.
                    case On on -> range(on.getTime().getValue(), hi, step);
                    default -> throw unsupported(e, name);
                };
            }
            case And and -> {
                long mask = 0;
                for (FieldExpression part : and.getExpressions()) {
                    mask |= of(part, lo, hi, name);
                }
                yield mask;
            }
            default -> throw unsupported(e, name);
        };
    }

    /** Day-of-week masks come in 0-7 with both 0 and 7 meaning Sunday; fold 7 into 0. */
    static long foldSunday(long mask) {
        return (mask | mask >>> 7) & 0x7F;
    }

    private static long range(int from, int to, int step) {
        long mask = 0;
        for (int v = from; v <= to; v += step) {
            mask |= 1L << v;
        }
        return mask;
    }

    private static int value(FieldValue<?> v, FieldExpression e, String name) {
        if (v.getValue() instanceof Integer i) {
            return i;
        }
        throw unsupported(e, name);
    }

    private static InvalidScheduleException unsupported(FieldExpression e, String name) {
        return new InvalidScheduleException("cron", name + " field: '" + e.asString() + "' is not supported");
    }
}
