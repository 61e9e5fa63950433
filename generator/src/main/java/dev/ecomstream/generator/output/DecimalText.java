package dev.ecomstream.generator.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decimal values as the exports print them: the binary double rounded to 17 significant digits
 * ({@code 2.5187499908497561}), plain notation, trailing zeros dropped.
 *
 * <p>{@link Double#toString(double)} is not used because its digits changed in JDK 19; the exact expansion of
 * the double rounded by {@link BigDecimal} is the same on every JVM, which keeps a seed's bytes stable.
 */
public final class DecimalText {

    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    private DecimalText() {
    }

    public static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a decimal column cannot hold " + value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(SEVENTEEN_DIGITS).stripTrailingZeros().toPlainString();
    }

    /** A geometry column's value: well-known text {@code POINT(lon lat)}. */
    public static String wktPoint(double longitude, double latitude) {
        return "POINT(" + format(longitude) + " " + format(latitude) + ")";
    }
}
