package dev.ecomstream.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TMDL text as a tree by indentation: an object's header at depth d (tabs), its properties at d + 1, and a
 * multi-line expression (after a header ending in {@code =}) at d + 2; {@code ///} lines, which describe the
 * next object, are skipped. Spaces for indentation, a skipped depth or a fenced expression are errors naming
 * the line.
 */
final class TmdlTree {

    private TmdlTree() {
    }

    /** One line of TMDL with the lines nested under it, and the lines of its expression if it ends with "=". */
    record Node(String where, int depth, String text, List<Node> children, List<String> expression) {

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(where + ": " + what + " (in '" + text + "')");
        }
    }

    static List<Node> read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Splits text into a tree by tab depth; {@code source} names the text in errors. */
    static List<Node> parse(String source, String text) {
        String[] lines = text.split("\r?\n", -1);
        List<Node> roots = new ArrayList<>();
        List<Node> open = new ArrayList<>();  // open.get(d): the last node at depth d
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = source + ":" + (i + 1);
            if (line.isBlank() || line.stripLeading().startsWith("///")) {
                continue;
            }
            int depth = tabs(line);
            String content = line.substring(depth);
            if (content.startsWith(" ")) {
                throw new IllegalArgumentException(where + ": indented with spaces; TMDL indents with tabs");
            }
            if (depth > open.size()) {
                throw new IllegalArgumentException(where + ": depth " + depth + " under a line of depth "
                        + (open.size() - 1) + "; a child is one tab deeper than its parent");
            }
            Node node = new Node(where, depth, content.stripTrailing(), new ArrayList<>(), new ArrayList<>());
            (depth == 0 ? roots : open.get(depth - 1).children()).add(node);
            while (open.size() > depth) {
                open.remove(open.size() - 1);
            }
            open.add(node);
            if (content.endsWith("=")) {
                // a multi-line expression: every following line two tabs deeper (or blank) belongs to it
                while (i + 1 < lines.length && (lines[i + 1].isBlank() || tabs(lines[i + 1]) >= depth + 2)) {
                    i++;
                    node.expression().add(lines[i].isBlank() ? "" : lines[i].substring(depth + 2));
                }
                if (node.expression().stream().allMatch(String::isBlank)) {
                    throw node.error("an expression that ends with '=' continues on lines two tabs deeper");
                }
            } else if (content.contains("```")) {
                throw node.error("fenced (```) expressions are not in the subset this reader knows");
            }
        }
        return roots;
    }

    private static int tabs(String line) {
        int depth = 0;
        while (depth < line.length() && line.charAt(depth) == '\t') {
            depth++;
        }
        return depth;
    }

}
