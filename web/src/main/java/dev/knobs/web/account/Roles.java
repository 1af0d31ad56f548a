package dev.knobs.web.account;

import java.util.Set;

/** The two roles: a user owns their data; an admin also manages users. */
public final class Roles {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    private Roles() {}

    /** The security roles a person with {@code role} has: an admin is a user too. */
    public static Set<String> of(String role) {
        return ADMIN.equals(role) ? Set.of(USER, ADMIN) : Set.of(USER);
    }

    public static boolean valid(String role) {
        return USER.equals(role) || ADMIN.equals(role);
    }
}
