package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.reference.Address;

/** A registered user; orders copy the gender and events the address. */
public record User(long id, String firstName, String lastName, String email, int age, String gender,
                   Address address, String trafficSource, long createdAt) {

    public boolean male() {
        return "M".equals(gender);
    }
}
