package dev.ecomstream.generator.reference;

import dev.ecomstream.generator.random.Weighted;
import java.text.Normalizer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * First and last names from the dataset's countries, with the spellings a loader must keep intact:
 * accents, umlauts, CJK characters, apostrophes ({@code O'Brien}) and commas ({@code Smith, Jr.}).
 */
public final class PersonNames {

    private static final Weighted<String> MALE = Weighted.uniform(
            "James", "John", "Michael", "David", "Robert", "Liam", "Noah", "Oliver", "José", "João", "Mateo",
            "Luis", "Jürgen", "Björn", "Søren", "Zoltán", "François", "Wei", "Hao", "伟", "浩然", "Min-jun",
            "Ji-hoon", "Hiroshi", "Takumi", "Jan");
    private static final Weighted<String> FEMALE = Weighted.uniform(
            "Mary", "Jennifer", "Linda", "Emily", "Sophia", "Olivia", "Emma", "Charlotte", "Zoë", "Chloé", "Léa",
            "Amélie", "Renée", "Ana", "María", "Fernanda", "Ingrid", "Müge", "Ying", "芳", "秀英", "Seo-yeon",
            "Ji-woo", "Yuki", "Sakura", "Agnieszka");
    private static final Weighted<String> LAST = Weighted.uniform(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "O'Brien", "O'Connor",
            "D'Angelo", "Müller", "Schröder", "Núñez", "Gonçalves", "Silva", "Santos", "Lefèvre", "Dubois", "Wang",
            "Li", "Zhang", "王", "李", "张", "Kim", "Lee", "Park", "Tanaka", "Sato", "佐藤", "Nowak", "Kowalski",
            "Smith, Jr.", "Brown, III");
    private static final Weighted<String> MAIL_DOMAINS = Weighted.uniform("example.com", "example.org", "example.net");

    private PersonNames() {
    }

    public static String firstName(SplittableRandom random, boolean male) {
        return (male ? MALE : FEMALE).pick(random);
    }

    public static String lastName(SplittableRandom random) {
        return LAST.pick(random);
    }

    /**
     * An address on a reserved example domain built from the ASCII letters of the name, as the exports do;
     * names with no Latin letters fall back to {@code user<id>}.
     */
    public static String email(SplittableRandom random, String firstName, String lastName, long userId) {
        String local = asciiLetters(firstName) + asciiLetters(lastName);
        if (local.isEmpty()) {
            local = "user" + userId;
        }
        return local + "@" + MAIL_DOMAINS.pick(random);
    }

    private static String asciiLetters(String text) {
        // NFD splits "é" into "e" plus a combining accent, which the filter then drops
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z]", "")
                .toLowerCase(Locale.ROOT);
    }
}
