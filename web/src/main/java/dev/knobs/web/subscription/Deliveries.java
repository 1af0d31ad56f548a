package dev.knobs.web.subscription;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The delivery queue in SQL, for {@link DeliveryWorker}: claiming what is due, and recording each
 * attempt together with what follows from it in one transaction.
 */
@ApplicationScoped
public class Deliveries {
    /** How long a claimed delivery is left to its worker before another may take it. */
    static final int LEASE_SECONDS = 120;

    /**
     * Due deliveries, each the oldest still owed to its subscription for its experiment (or model):
     * later ones wait for it, so a receiver gets one experiment's events in order.
     */
    private static final String CLAIM =
            "UPDATE subscription_deliveries d SET lease_until = now() + make_interval(secs => "
                    + LEASE_SECONDS
                    + ") WHERE d.id IN (SELECT c.id FROM subscription_deliveries c"
                    + " WHERE c.state = 'PENDING' AND c.next_attempt_at <= now()"
                    + " AND (c.lease_until IS NULL OR c.lease_until < now())"
                    + " AND NOT EXISTS (SELECT 1 FROM subscription_deliveries e"
                    + " WHERE e.subscription_id = c.subscription_id AND e.order_key = c.order_key"
                    + " AND e.state = 'PENDING' AND e.id < c.id)"
                    + " ORDER BY c.id LIMIT $1 FOR UPDATE SKIP LOCKED)"
                    + " RETURNING d.id, d.subscription_id, d.owner, d.event_type, d.order_key,"
                    + " d.message_id, d.event, d.attempts";

    private static final String SUBSCRIPTION =
            "SELECT sink, protocol, protocol_settings, secret, previous_secret,"
                    + " previous_secret_until, state FROM subscriptions WHERE id = $1";

    @Inject Pool pool;

    /** A claimed delivery. */
    public record Claimed(
            long id,
            String subscriptionId,
            String owner,
            String eventType,
            String orderKey,
            String messageId,
            String event,
            int attempts) {}

    /** The subscription a delivery goes to, as stored (its secrets sealed). */
    public record Target(
            String sink,
            Subscription.Protocol protocol,
            String protocolSettings,
            String secret,
            String previousSecret,
            Instant previousSecretUntil,
            Subscription.State state) {}

    public Uni<List<Claimed>> claim(int batch) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(batch)).map(Deliveries::claimed);
    }

    private static List<Claimed> claimed(RowSet<Row> rows) {
        List<Claimed> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(
                    new Claimed(
                            r.getLong("id"),
                            r.getString("subscription_id"),
                            r.getString("owner"),
                            r.getString("event_type"),
                            r.getString("order_key"),
                            r.getString("message_id"),
                            r.getString("event"),
                            r.getInteger("attempts")));
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    /** The delivery's subscription; null when it was deleted. */
    public Uni<Target> target(String subscriptionId) {
        return pool.preparedQuery(SUBSCRIPTION)
                .execute(Tuple.of(subscriptionId))
                .map(rows -> rows.size() == 0 ? null : target(rows.iterator().next()));
    }

    private static Target target(Row r) {
        OffsetDateTime until = r.getOffsetDateTime("previous_secret_until");
        return new Target(
                r.getString("sink"),
                Subscription.Protocol.valueOf(r.getString("protocol")),
                r.getString("protocol_settings"),
                r.getString("secret"),
                r.getString("previous_secret"),
                until == null ? null : until.toInstant(),
                Subscription.State.valueOf(r.getString("state")));
    }

    /** What one attempt found, and what becomes of the delivery. */
    public record Result(
            Integer status,
            String excerpt,
            long latencyMs,
            boolean delivered,
            Delivery.State next,
            Instant nextAttemptAt,
            boolean gone,
            String notice) {}

    /** An attempt's record, unless its delivery went meanwhile (its subscription deleted). */
    private static final String ATTEMPT =
            "INSERT INTO subscription_delivery_attempts (id, delivery_id, number, at, status,"
                    + " latency_ms, excerpt, delivered) SELECT $1, $2, $3, $4, $5, $6, $7, $8"
                    + " WHERE EXISTS (SELECT 1 FROM subscription_deliveries WHERE id = $2)"
                    + " ON CONFLICT (id) DO NOTHING";

    private static final String AFTER_ATTEMPT =
            "UPDATE subscription_deliveries SET attempts = $2, state = $3, next_attempt_at = $4,"
                    + " delivered_at = $5, lease_until = NULL WHERE id = $1";

    /** Records the attempt and its consequences in one transaction. */
    public Uni<Void> record(Claimed d, Result r) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int number = d.attempts() + 1;
        List<Object> attempt =
                Arrays.asList(
                        d.id() + "/" + number,
                        d.id(),
                        number,
                        now,
                        r.status(),
                        r.latencyMs(),
                        r.excerpt(),
                        r.delivered());
        List<Object> after =
                Arrays.asList(
                        d.id(),
                        number,
                        r.next().name(),
                        at(r.nextAttemptAt()),
                        r.delivered() ? now : null);
        return pool.withTransaction(
                tx ->
                        run(tx, ATTEMPT, attempt)
                                .chain(() -> run(tx, AFTER_ATTEMPT, after))
                                .chain(() -> r.gone() ? disable(tx, d, now) : none())
                                .chain(
                                        () ->
                                                r.notice() == null
                                                        ? none()
                                                        : notice(tx, d, r.notice(), now)));
    }

    private static Uni<Void> run(SqlClient tx, String sql, List<Object> values) {
        return tx.preparedQuery(sql).execute(Tuple.from(values)).replaceWithVoid();
    }

    private static Uni<Void> none() {
        return Uni.createFrom().voidItem();
    }

    private static OffsetDateTime at(Instant t) {
        return (t == null ? Instant.now() : t).atOffset(ZoneOffset.UTC);
    }

    private static final String DISABLE =
            "UPDATE subscriptions SET state = 'DISABLED', disabled_reason = $2 WHERE id = $1";

    private static final String CANCEL_OWED =
            "UPDATE subscription_deliveries SET state = 'CANCELLED', lease_until = NULL"
                    + " WHERE subscription_id = $1 AND state = 'PENDING'";

    /** The receiver said 410 Gone: the subscription is disabled and nothing more is owed to it. */
    private static Uni<Void> disable(SqlClient tx, Claimed d, OffsetDateTime now) {
        String why = "its receiver answered 410 Gone at " + now.toInstant();
        return run(tx, DISABLE, List.of(d.subscriptionId(), why))
                .chain(() -> run(tx, CANCEL_OWED, List.of(d.subscriptionId())));
    }

    private static final String NOTICE =
            "INSERT INTO user_notifications (id, event_key, owner, type, message, url, created_at)"
                    + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_key) DO NOTHING";

    /** A notification for the subscription's owner (a disabled subscription, a failed delivery). */
    private static Uni<Void> notice(SqlClient tx, Claimed d, String message, OffsetDateTime now) {
        return run(
                tx,
                NOTICE,
                List.of(
                        UUID.randomUUID().toString(),
                        "delivery/" + d.id() + "/" + (d.attempts() + 1),
                        d.owner(),
                        "subscription",
                        message,
                        "#subscriptions",
                        now));
    }

    private static final String PRUNE_ATTEMPTS =
            "DELETE FROM subscription_delivery_attempts WHERE delivery_id IN (SELECT id FROM"
                    + " subscription_deliveries WHERE state <> 'PENDING' AND created_at < $1)";

    private static final String PRUNE =
            "DELETE FROM subscription_deliveries WHERE state <> 'PENDING' AND created_at < $1";

    /** Forgets deliveries that are over and older than {@code keep}; answers how many. */
    public Uni<Integer> prune(java.time.Duration keep) {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(keep);
        return pool.withTransaction(
                tx ->
                        run(tx, PRUNE_ATTEMPTS, List.of(before))
                                .chain(() -> tx.preparedQuery(PRUNE).execute(Tuple.of(before)))
                                .map(rows -> rows.rowCount()));
    }

    /** A delivery whose subscription is gone or disabled: it will not go out. */
    public Uni<Void> cancel(Claimed d) {
        return pool.preparedQuery(
                        "UPDATE subscription_deliveries SET state = 'CANCELLED', lease_until ="
                                + " NULL WHERE id = $1")
                .execute(Tuple.of(d.id()))
                .replaceWithVoid();
    }
}
