package dev.ecomstream.schema;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which client properties hold secrets, and how to show a set of properties in a log line without them. One
 * rule for every command, so a secret hidden by one is hidden by all.
 */
public final class SecretMasking {

    private static final String HIDDEN = "[hidden]";
    /** A URL parameter: what starts it, its name and its value ({@code ?password=x}, {@code &sslpassword=y}). */
    private static final Pattern URL_PARAMETER = Pattern.compile("([?&;])([^=&;#]+)=([^&;#]*)");
    /** The password of a {@code //user:password@host} part. */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:]*:)[^/?#@]*@");

    private SecretMasking() {
    }

    /** True for a property name that holds a password, key, token, credential or JAAS configuration. */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
                || lower.endsWith(".key") || lower.contains("token") || lower.contains("credentials");
    }

    /** The properties, sorted by name, as {@code {name=value, ...}} with every secret value shown as [hidden]. */
    public static String masked(Map<?, ?> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key.toString(),
                isSecret(key.toString()) ? HIDDEN : String.valueOf(value)));
        return shown.toString();
    }

    /**
     * A URL (JDBC or other) for a log line: the value of every parameter whose name holds a secret
     * ({@code ?password=...}, {@code &sslpassword=...}) and the password of a {@code //user:password@host} part
     * shown as [hidden]; the rest as given.
     */
    public static String maskedUrl(String url) {
        if (url == null) {
            return null;
        }
        Matcher parameter = URL_PARAMETER.matcher(url);
        StringBuilder shown = new StringBuilder();
        while (parameter.find()) {
            String value = isSecret(decoded(parameter.group(2))) ? HIDDEN : parameter.group(3);
            parameter.appendReplacement(shown,
                    Matcher.quoteReplacement(parameter.group(1) + parameter.group(2) + "=" + value));
        }
        parameter.appendTail(shown);
        return USER_INFO_PASSWORD.matcher(shown).replaceFirst("$1" + Matcher.quoteReplacement(HIDDEN) + "@");
    }

    /* A parameter name as the driver reads it ("pass%77ord" is "password"); a malformed one as written. */
    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }
}
