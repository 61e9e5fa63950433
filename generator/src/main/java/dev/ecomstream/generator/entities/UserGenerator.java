package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.output.CsvOutput;
import dev.ecomstream.generator.output.DecimalText;
import dev.ecomstream.generator.random.RandomValues;
import dev.ecomstream.generator.reference.Address;
import dev.ecomstream.generator.reference.PersonNames;
import dev.ecomstream.generator.reference.Places;
import dev.ecomstream.generator.reference.WebTraffic;
import java.util.SplittableRandom;

/** Creates users (ages 12 to 70, genders M and F, addresses around the world) and writes them. */
public final class UserGenerator {

    private final CsvOutput out;

    public UserGenerator(CsvOutput out) {
        this.out = out;
    }

    /** Creates and writes user {@code id}, drawing from the user's own random stream. */
    public User create(long id, SplittableRandom random) {
        boolean male = random.nextBoolean();
        String firstName = PersonNames.firstName(random, male);
        String lastName = PersonNames.lastName(random);
        User user = new User(id, firstName, lastName, PersonNames.email(random, firstName, lastName, id),
                (int) RandomValues.between(random, 12, 70), male ? "M" : "F", Places.randomAddress(random),
                WebTraffic.USER_SOURCES.pick(random),
                RandomValues.timestampMicros(random, Timeline.START, Timeline.END));
        write(user);
        return user;
    }

    private void write(User user) {
        Address address = user.address();
        out.set("id", user.id())
                .set("first_name", user.firstName())
                .set("last_name", user.lastName())
                .set("email", user.email())
                .set("age", user.age())
                .set("gender", user.gender())
                .set("state", address.state())
                .set("street_address", address.streetAddress())
                .set("postal_code", address.postalCode())
                .set("city", address.city())
                .set("country", address.country())
                .setDecimal("latitude", address.latitude())
                .setDecimal("longitude", address.longitude())
                .set("traffic_source", user.trafficSource())
                .setTimestamp("created_at", user.createdAt())
                .set("user_geom", DecimalText.wktPoint(address.longitude(), address.latitude()))
                .endRow();
    }
}
