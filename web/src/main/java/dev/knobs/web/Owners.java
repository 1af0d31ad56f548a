package dev.knobs.web;

/**
 * Whose data a request touches. Until login exists (a later issue) every request acts for the one
 * local user; all queries already filter by owner so that per-user isolation is a change here only.
 */
public final class Owners {
    public static final String LOCAL = "local";

    private Owners() {}

    public static String current() {
        return LOCAL;
    }
}
