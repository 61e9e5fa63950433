package dev.ecomstream.analysis;

import java.math.BigDecimal;

/** The one text form of a result value, shared by the terminal tables, the CSV files and the HTML report. */
final class ValueText {

    private ValueText() {
    }

    /** SQL NULL is the empty string; decimals keep their scale and never use exponent notation. */
    static String of(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }
}
