package dev.ecomstream.dashboard;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query parameters of a request ({@code ?hours=3&limit=10}), checked against the parameters its endpoint
 * declares: an unknown name, a name given twice, or a value that is not an integer in its range is refused
 * (answered with 400 and the message), never ignored, so a typo does not silently show the default window.
 */
final class RequestParameters {

    /**
     * An integer parameter of an endpoint: its name, the value when absent, and its range.
     */
    record IntParameter(String name, int fallback, int min, int max) {

        IntParameter {
            if (fallback < min || fallback > max) {
                throw new IllegalArgumentException(name + ": the default " + fallback + " is outside " + min + ".." + max);
            }
        }

        /** For the messages and the README: {@code hours (1 to 24, default 3)}. */
        String describe() {
            return name + " (" + min + " to " + max + ", default " + fallback + ")";
        }
    }

    private final String path;
    private final Map<String, String> values;

    private RequestParameters(String path, Map<String, String> values) {
        this.path = path;
        this.values = values;
    }

    /**
     * The parameters of {@code uri}, which may name only {@code declared}.
     *
     * @throws IllegalArgumentException for an unknown or repeated name; answered with 400
     */
    static RequestParameters of(URI uri, List<IntParameter> declared) {
        Map<String, String> values = new HashMap<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (declared.stream().noneMatch(parameter -> parameter.name().equals(name))) {
                    throw new IllegalArgumentException("Unknown parameter '" + name + "' for " + uri.getPath() + "; "
                            + allowed(declared));
                }
                if (values.put(name, value) != null) {
                    throw new IllegalArgumentException("Parameter '" + name + "' is given more than once; give it once");
                }
            }
        }
        return new RequestParameters(uri.getPath(), values);
    }

    private static String allowed(List<IntParameter> declared) {
        return declared.isEmpty() ? "it takes no parameters"
                : "it takes " + declared.stream().map(IntParameter::describe).collect(Collectors.joining(", "));
    }

    /**
     * The value of {@code parameter}, or its fallback when absent.
     *
     * @throws IllegalArgumentException if it is not an integer in range (an empty value neither); answered with 400
     */
    int value(IntParameter parameter) {
        String text = values.get(parameter.name());
        if (text == null) {
            return parameter.fallback();
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= parameter.min() && value <= parameter.max()) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        throw new IllegalArgumentException("Parameter '" + parameter.name() + "' of " + path + " must be an integer from "
                + parameter.min() + " to " + parameter.max() + ", was '" + text + "'");
    }
}
