package dev.ecomstream.generator.output;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The timestamp spellings found in real TheLook exports. Each generated file uses one of them, so the
 * samples exercise every form a producer has to accept.
 */
public enum TimestampStyle {
    /** {@code 2022-06-17 02:52:23 UTC}: the fraction is dropped. */
    SECONDS_UTC,
    /** {@code 2022-11-05 01:54:00.000000 UTC}: always six fractional digits. */
    MICROS_UTC,
    /** {@code 2025-01-23 08:25:52.932 UTC}: 0 to 6 fractional digits, trailing zeros dropped. */
    TRIMMED_FRACTION_UTC,
    /** {@code 2022-06-17 02:52:23+00:00}: an offset instead of a zone name, no fraction. */
    OFFSET;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** Formats a timestamp given in microseconds since the epoch (UTC). */
    public String format(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, MICROS_PER_SECOND);
        int micros = (int) Math.floorMod(epochMicros, MICROS_PER_SECOND);
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(32);
        pad(text, time.getYear(), 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append(' ');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        switch (this) {
            case SECONDS_UTC -> text.append(" UTC");
            case MICROS_UTC -> pad(text.append('.'), micros, 6).append(" UTC");
            case TRIMMED_FRACTION_UTC -> appendTrimmedFraction(text, micros).append(" UTC");
            case OFFSET -> text.append("+00:00");
        }
        return text.toString();
    }

    private static StringBuilder appendTrimmedFraction(StringBuilder text, int micros) {
        if (micros == 0) {
            return text;
        }
        int digits = 6;
        while (micros % 10 == 0) {
            micros /= 10;
            digits--;
        }
        return pad(text.append('.'), micros, digits);
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
