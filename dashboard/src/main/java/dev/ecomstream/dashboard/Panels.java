package dev.ecomstream.dashboard;

import java.math.BigDecimal;
import java.util.List;

/**
 * The JSON shapes of the dashboard's endpoints, one record per panel. Jackson writes a record's
 * components as the object's fields, in declaration order; timestamps are ISO-8601 UTC strings
 * ({@code 2024-03-10T12:30:00Z}). The README's endpoint table documents the same fields.
 */
public final class Panels {

    private Panels() {
    }

    /** {@code GET /api/config}: what the page needs to know before its first refresh. */
    public record Config(String clock, int refreshSeconds, boolean consumerLagAvailable,
            Thresholds.Pipeline thresholds) {
    }

    /**
     * {@code GET /api/sales}: orders, revenue and the headlines in the last {@code minutes} minutes,
     * {@code (now - minutes, now]} (an hour unless asked otherwise), and today,
     * {@code [start of now's UTC day, now]}.
     */
    public record Sales(String now, String clock, int minutes, Window recent, Window today) {
    }

    /**
     * One time window, by the mart's measures: the orders of {@code mart.fact_orders} placed in it, their items
     * ({@code item_count}) and net sales ({@code net_sales_amount}: cancelled and returned items count 0); the
     * average order value, net sales per order (null without orders); the sessions with an event in the window
     * ({@code mart.fact_events}), those with a purchase among them, and the conversion rate, purchasing sessions
     * per session (0..1, null without sessions).
     */
    public record Window(String from, String to, long orders, long items, BigDecimal revenue,
            BigDecimal averageOrderValue, long sessions, long purchasingSessions, Double conversionRate) {
    }

    /**
     * {@code GET /api/orders-per-minute}: one count per UTC minute, oldest first, zeros included, the last
     * minute being now's (so partly elapsed).
     */
    public record OrdersPerMinute(String now, List<String> minutes, List<Long> orders) {
    }

    /** {@code GET /api/events-per-minute}: like orders per minute, one series per event type. */
    public record EventsPerMinute(String now, List<String> minutes, List<EventSeries> series) {
    }

    /** The events of one type per minute, aligned with {@link EventsPerMinute#minutes()}. */
    public record EventSeries(String eventType, List<Long> counts) {
    }

    /**
     * {@code GET /api/funnel}: per step, the sessions with at least one event of that type in the window;
     * a session may enter at any step (a visitor can land on a product page).
     */
    public record Funnel(String from, String to, List<FunnelStep> steps) {
    }

    /**
     * One funnel step. {@code ofPrevious} and {@code ofFirst} are the sessions as a fraction of the
     * previous step's and of the first step's (0..1, null when that step had no sessions).
     */
    public record FunnelStep(String eventType, long sessions, Double ofPrevious, Double ofFirst) {
    }

    /** {@code GET /api/top-products} and {@code GET /api/top-categories}: best sellers of the window by revenue. */
    public record TopSellers(String from, String to, List<Seller> rows) {
    }

    /** A product or a category: its key (product id; category name), label, items sold and revenue. */
    public record Seller(String key, String name, String detail, long items, BigDecimal revenue) {
    }

    /**
     * {@code GET /api/pipeline}: is the pipeline keeping up. Always measured against the wall clock, since
     * {@code landed_at} and the normaliser's runs are wall-clock times, whatever the page's clock is. Read from
     * the published views only: {@code ops.*} (V015) and, for the newest row, the mart.
     */
    public record Pipeline(String now, Landed landed, ConsumerLag.Report consumerLag, Pending pending,
            Rejected rejected, Freshness freshness) {
    }

    /** Staging rows landed in the last {@code seconds} seconds, per entity, and their rate. */
    public record Landed(int seconds, long rows, double rowsPerSecond, List<EntityCount> byEntity) {
    }

    /** A count for one entity of the catalog. */
    public record EntityCount(String entity, long count) {
    }

    /**
     * Rows that cannot be placed in core yet ({@code ops.normaliser_progress.pending_rows}), per entity, and how
     * long the oldest has waited.
     */
    public record Pending(long rows, List<EntityCount> byEntity, Double oldestWaitingSeconds) {
    }

    /**
     * Records the sink rejected ({@code ops.rejected_summary}): those still open, and when the last of them came;
     * those replayed ({@code sink rejected replay}), whose fixed versions went back to their topics. The
     * producers' rejects never reach the database: they are in the producers' rejects files.
     */
    public record Rejected(long open, long replayed, String lastOpenRejectedAt) {
    }

    /**
     * The newest business timestamp in the mart (orders, order items, events) and its age against the wall
     * clock; the normaliser's last run and its age; how far core is behind staging: the rows landed but not
     * normalised yet and how long the oldest has waited ({@code ops.normaliser_progress}, 0 when caught up).
     * Ages are null when there is nothing yet.
     */
    public record Freshness(String newestRowAt, Double newestRowAgeSeconds, String lastNormalisedAt,
            Double lastNormalisedAgeSeconds, long unnormalisedRows, double coreBehindSeconds) {
    }

    /**
     * {@code GET /api/pipeline-trends}: the pipeline over the last {@code minutes} minutes of the wall clock.
     * Per UTC minute (oldest first, zeros included, the last being now's): staging rows landed
     * ({@code ops.landed_rows}) and records the sink rejected ({@code ops.rejected_records}). Sampled over time
     * ({@link PipelineHistory}): the consumer lag and how far core is behind staging.
     */
    public record PipelineTrends(String now, int minutes, List<String> minuteStarts, List<Long> landedPerMinute,
            List<Long> rejectedPerMinute, List<PipelineSample> samples) {
    }

    /** One sample: when, the consumer lag (null: not measured) and how far core was behind, in seconds. */
    public record PipelineSample(String at, Long consumerLag, double coreBehindSeconds) {
    }
}
