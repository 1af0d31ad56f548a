package dev.knobs.web.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The web front's configuration (prefix {@code knobs}); the mode and adapters are {@link
 * dev.knobs.domain.wiring.AdapterSettings}.
 */
@ConfigMapping(prefix = "knobs")
public interface WebConfig {
    /**
     * Folder for the platform's state: artifacts, the broker's journal, trial logs, the embedded
     * database.
     */
    Path dataDir();

    /** Where events are published: the broker ingress ({@code K_SINK}). */
    URI sink();

    /**
     * How trials and model servers reach this front's artifact API, e.g. {@code
     * http://localhost:8080}.
     */
    URI publicUrl();

    Accounts accounts();

    interface Accounts {
        /** The first administrator, made when no user exists yet. */
        @WithDefault("admin")
        String adminUsername();

        /**
         * The first administrator's password ({@code KNOBS_ADMIN_PASSWORD}). When unset, a one-time
         * password is made at the first start and printed once to the log.
         */
        Optional<String> adminPassword();

        /**
         * An API token for the first administrator ({@code KNOBS_ADMIN_TOKEN}, at least 20
         * characters), for scripts that set up a fresh installation without a browser.
         */
        Optional<String> adminToken();

        /** How long a login lasts without use. */
        @WithDefault("PT12H")
        Duration sessionIdleTimeout();

        /** How long a login lasts at most. */
        @WithDefault("P7D")
        Duration sessionMaxAge();

        /**
         * Failed logins allowed for one user name (or five times as many from one address) before a
         * lockout.
         */
        @WithDefault("5")
        int loginAttempts();

        /** The first lockout; each further failure while counting doubles it. */
        @WithDefault("PT30S")
        Duration loginLockout();

        /** The longest lockout. */
        @WithDefault("PT15M")
        Duration loginMaxLockout();

        /**
         * Send the session cookie only over HTTPS even when a request does not say it came over
         * HTTPS (it is always so when one does, directly or by {@code X-Forwarded-Proto}).
         */
        @WithDefault("false")
        boolean secureCookie();
    }

    Notifications notifications();

    /** Subscriptions and their deliveries (docs/adr/0016). */
    interface Notifications {
        /**
         * Deliver to sinks on loopback, private, link-local (cloud metadata) and other non-public
         * addresses ({@code KNOBS_NOTIFICATIONS_ALLOW_PRIVATE_SINKS}): off, so no user can make the
         * platform call inside its own network.
         */
        @WithDefault("false")
        boolean allowPrivateSinks();

        /**
         * The waits before each retry of a delivery its receiver did not accept ({@code
         * KNOBS_NOTIFICATIONS_RETRY_SCHEDULE}); about three days in all by default. After the last,
         * the delivery has failed (its owner may redeliver it).
         */
        @WithDefault("PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT14H,PT20H,PT20H")
        List<Duration> retrySchedule();

        /** How long a receiver may take to answer one delivery. */
        @WithDefault("PT15S")
        Duration timeout();

        /** How long the previous secret still signs after a rotation. */
        @WithDefault("PT24H")
        Duration secretGrace();

        /** How long finished deliveries and their attempts stay in the delivery log. */
        @WithDefault("P30D")
        Duration logRetention();

        /** Subscriptions one user may have. */
        @WithDefault("25")
        int maxPerUser();
    }

    Embedded embedded();

    interface Embedded {
        /**
         * The address the embedded broker and the functions listen on: loopback, so that nothing
         * else on the network reaches them ({@code 0.0.0.0} only by this explicit setting).
         */
        @WithDefault("127.0.0.1")
        String bind();

        /** Port of the embedded broker's ingress. */
        @WithDefault("8091")
        int brokerPort();

        /** Port of the functions process. */
        @WithDefault("8081")
        int functionsPort();

        /**
         * Port of the functions' metrics ({@code /q/metrics}; the front's own is {@code
         * KNOBS_METRICS_PORT}, 9464), on the same address as the front's.
         */
        @WithDefault("9465")
        int functionsMetricsPort();

        /** Port of the local model gateway (where published models are served). */
        @WithDefault("8092")
        int gatewayPort();

        /** The packaged functions application ({@code quarkus-run.jar}). */
        Path functionsJar();

        /** Folder with the trainer ({@code knobs-trainer.jar} and {@code lib/}). */
        Path trainerHome();

        /** A published model idle this long scales to zero. */
        @WithDefault("PT5M")
        Duration modelIdleTimeout();

        /** How long the functions process may take to become ready. */
        @WithDefault("PT60S")
        Duration functionsStartTimeout();

        /** The first wait before the functions are started again after they stopped; it doubles. */
        @WithDefault("PT1S")
        Duration functionsRestartDelay();

        /** The longest wait between restarts of the functions. */
        @WithDefault("PT30S")
        Duration functionsMaxRestartDelay();
    }
}
