package dev.ecomstream.schema;

import java.util.List;

/**
 * The value sets of the TheLook columns that hold one of a few known values, spelled as the exports spell
 * them. The catalog restricts its columns to these, so a value outside them (a typo, a shifted column, markup
 * pasted into a status) is rejected where it enters instead of becoming a new category in every report.
 */
public final class KnownValues {

    /** The status of an order and of each of its items, in lifecycle order. */
    public static final List<String> ORDER_STATUSES =
            List.of("Processing", "Shipped", "Complete", "Returned", "Cancelled");

    public static final List<String> GENDERS = List.of("M", "F");

    /** Where a user came from when signing up. */
    public static final List<String> USER_TRAFFIC_SOURCES =
            List.of("Search", "Organic", "Facebook", "Email", "Display");

    /** Where the visit of a web session came from. */
    public static final List<String> SESSION_TRAFFIC_SOURCES =
            List.of("Email", "Adwords", "Facebook", "YouTube", "Organic");

    public static final List<String> BROWSERS = List.of("Chrome", "Firefox", "Safari", "IE", "Other");

    /** The page types of the web events, in funnel order. */
    public static final List<String> EVENT_TYPES =
            List.of("home", "department", "product", "cart", "purchase", "cancel");

    public static final List<String> DEPARTMENTS = List.of("Men", "Women");

    private KnownValues() {
    }
}
