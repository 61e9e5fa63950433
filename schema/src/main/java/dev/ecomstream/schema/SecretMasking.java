package dev.ecomstream.schema;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which client properties hold secrets, and how to show a set of properties in a log line without them. One
 * rule for every command, so a secret hidden by one is hidden by all.
 */
public final class SecretMasking {

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
                isSecret(key.toString()) ? "[hidden]" : String.valueOf(value)));
        return shown.toString();
    }
}
