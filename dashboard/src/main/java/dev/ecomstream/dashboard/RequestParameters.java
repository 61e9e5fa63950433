package dev.ecomstream.dashboard;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query parameters of a request ({@code ?hours=3&limit=10}), read with bounds. */
final class RequestParameters {

    private final Map<String, String> values;

    private RequestParameters(Map<String, String> values) {
        this.values = values;
    }

    static RequestParameters of(URI uri) {
        Map<String, String> values = new HashMap<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                values.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return new RequestParameters(values);
    }

    /**
     * The integer parameter {@code name}, or {@code fallback} when absent.
     *
     * @throws IllegalArgumentException if it is not an integer in {@code [min, max]}; answered with 400
     */
    int intValue(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        throw new IllegalArgumentException("Parameter '" + name + "' must be an integer from " + min + " to " + max
                + ", was '" + text + "'");
    }
}
