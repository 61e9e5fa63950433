package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.output.CsvOutput;
import dev.ecomstream.generator.random.RandomValues;
import dev.ecomstream.generator.reference.Address;
import dev.ecomstream.generator.reference.Places;
import dev.ecomstream.generator.reference.WebTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Writes web events grouped in sessions: each session has a UUID, one visitor (IP, browser, traffic
 * source, place) and events numbered from 1 in time order, walking the funnel
 * home → department → product → cart → purchase (or cancel).
 *
 * <p>Every order has the purchase session that led to it, under the buyer's user id. Anonymous browsing
 * sessions (empty {@code user_id}) make up the rest, dropping out of the funnel at each step.
 */
public final class EventGenerator {

    /** One event of a session before it gets its time: what happened and on which page. */
    private record Step(String eventType, String uri) {
    }

    /** Who is browsing; {@code userId} is empty for an anonymous visitor. */
    private record Visitor(String userId, Address address) {
    }

    private static final Step HOME = new Step("home", "/home");
    private static final Step CART = new Step("cart", "/cart");
    private static final Step PURCHASE = new Step("purchase", "/purchase");
    private static final Step CANCEL = new Step("cancel", "/cancel");

    private static final Pattern NOT_SLUG = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final CsvOutput out;
    private final ProductGenerator products;
    private long nextId = 1;

    public EventGenerator(CsvOutput out, ProductGenerator products) {
        this.out = out;
        this.products = products;
    }

    /** The session in which the user placed the order; its purchase event is at the order's creation. */
    public void purchaseSession(Order order, SplittableRandom random) {
        List<Step> steps = new ArrayList<>(order.products().size() + 5);
        steps.add(HOME);
        steps.add(department(order.products().get(0)));
        for (Product product : order.products()) {
            steps.add(product(product));
        }
        steps.add(CART);
        steps.add(PURCHASE);
        long pause = RandomValues.between(random, 10 * Timeline.SECOND, 3 * Timeline.MINUTE);
        long start = order.createdAt() - (steps.size() - 1) * pause;
        long[] times = new long[steps.size() + 1];
        for (int i = 0; i < steps.size(); i++) {
            times[i] = start + i * pause;
        }
        if (order.status() == OrderStatus.CANCELLED) {
            steps.add(CANCEL);
            times[steps.size() - 1] = order.createdAt()
                    + RandomValues.between(random, Timeline.MINUTE, 2 * Timeline.DAY);
        }
        write(new Visitor(Long.toString(order.user().id()), order.user().address()), steps, times, random);
    }

    /** An anonymous visit at a random time that leaves the funnel somewhere before the purchase. */
    public void browsingSession(SplittableRandom random) {
        List<Step> steps = new ArrayList<>(8);
        steps.add(HOME);
        if (RandomValues.chance(random, 0.85)) {
            Product first = products.randomProduct(random);
            steps.add(department(first));
            if (RandomValues.chance(random, 0.75)) {
                steps.add(product(first));
                int more = random.nextInt(3);
                for (int i = 0; i < more; i++) {
                    steps.add(product(products.randomProduct(random, first.department())));
                }
                if (RandomValues.chance(random, 0.45)) {
                    steps.add(CART);
                    if (RandomValues.chance(random, 0.5)) {
                        steps.add(CANCEL);
                    }
                }
            }
        }
        long[] times = new long[steps.size()];
        long time = RandomValues.timestampMicros(random, Timeline.START, Timeline.END);
        for (int i = 0; i < times.length; i++) {
            times[i] = time;
            time += RandomValues.between(random, 5 * Timeline.SECOND, 5 * Timeline.MINUTE);
        }
        write(new Visitor("", Places.randomAddress(random)), steps, times, random);
    }

    private void write(Visitor visitor, List<Step> steps, long[] times, SplittableRandom random) {
        String sessionId = RandomValues.uuid(random);
        String ipAddress = RandomValues.ipAddress(random);
        String browser = WebTraffic.BROWSERS.pick(random);
        String trafficSource = WebTraffic.SESSION_SOURCES.pick(random);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            out.set("id", nextId++)
                    .set("user_id", visitor.userId())
                    .set("sequence_number", i + 1)
                    .set("session_id", sessionId)
                    .setTimestamp("created_at", times[i])
                    .set("ip_address", ipAddress)
                    .set("city", visitor.address().city())
                    .set("state", visitor.address().state())
                    .set("postal_code", visitor.address().postalCode())
                    .set("browser", browser)
                    .set("traffic_source", trafficSource)
                    .set("uri", step.uri())
                    .set("event_type", step.eventType())
                    .endRow();
        }
    }

    private static Step department(Product product) {
        return new Step("department", "/department/" + slug(product.department()) + "/category/"
                + slug(product.category().name()) + "/brand/" + slug(product.brand()));
    }

    private static Step product(Product product) {
        return new Step("product", "/product/" + product.id());
    }

    private static String slug(String text) {
        return NOT_SLUG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-");
    }
}
