package dev.knobs.web.account;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code ./knobs reset-password <user>}: a user who lost their password (the first administrator
 * too) gets a new one-time password, and every login of theirs ends. Run while Knobs is stopped; it
 * talks to the database directly, so it needs no login.
 */
public final class PasswordReset {
    private PasswordReset() {}

    /** Sets a new password for {@code username}; answers it, or null when there is no such user. */
    public static String reset(String jdbcUrl, String dbUser, String dbPassword, String username)
            throws SQLException {
        String password = Secrets.random(12);
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
            c.setAutoCommit(false);
            try (PreparedStatement set =
                            c.prepareStatement(
                                    "UPDATE users SET password_hash = ? WHERE username = ?"
                                            + " AND deleted_at IS NULL");
                    PreparedStatement logout =
                            c.prepareStatement("DELETE FROM login_sessions WHERE username = ?")) {
                set.setString(1, Passwords.hash(password));
                set.setString(2, username);
                if (set.executeUpdate() != 1) {
                    c.rollback();
                    return null;
                }
                logout.setString(1, username);
                logout.executeUpdate();
                c.commit();
            }
        }
        return password;
    }
}
