package dev.ecomstream.generator.reference;

/** Where a user lives, or where an anonymous visitor connects from. */
public record Address(String streetAddress, String postalCode, String city, String state, String country,
                      double latitude, double longitude) {
}
