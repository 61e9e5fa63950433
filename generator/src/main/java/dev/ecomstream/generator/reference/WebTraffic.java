package dev.ecomstream.generator.reference;

import dev.ecomstream.generator.random.Weighted;

/** How visitors reach the site and what they browse with, weighted roughly as in TheLook. */
public final class WebTraffic {

    /** Where a user came from when signing up. */
    public static final Weighted<String> USER_SOURCES = Weighted.<String>builder()
            .add("Search", 70).add("Organic", 15).add("Facebook", 6).add("Email", 5).add("Display", 4).build();

    /** Where the visit of a web session came from. */
    public static final Weighted<String> SESSION_SOURCES = Weighted.<String>builder()
            .add("Email", 45).add("Adwords", 30).add("Facebook", 10).add("YouTube", 10).add("Organic", 5).build();

    public static final Weighted<String> BROWSERS = Weighted.<String>builder()
            .add("Chrome", 50).add("Firefox", 20).add("Safari", 20).add("IE", 5).add("Other", 5).build();

    private WebTraffic() {
    }
}
