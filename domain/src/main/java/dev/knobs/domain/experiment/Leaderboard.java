package dev.knobs.domain.experiment;

/**
 * The one definition of an experiment's ranking, used by the functions (which select the best and
 * publish it) and by the front (which shows the top ten): succeeded trials by objective value, best
 * first, ties going to the earlier trial.
 */
public final class Leaderboard {
    /** How many trials the leaderboard shows and {@code best-selected} carries. */
    public static final int SIZE = 10;

    private Leaderboard() {}

    /** The Panache query over trials; its parameters are {@link #parameters(String)}. */
    public static String query(boolean maximize) {
        return "experimentId = ?1 and state = ?2 order by objectiveValue "
                + (maximize ? "desc" : "asc")
                + ", number";
    }

    public static Object[] parameters(String experimentId) {
        return new Object[] {experimentId, TrialState.SUCCEEDED};
    }
}
