package dev.knobs.eventing.payload;

import java.util.List;

/**
 * {@code dev.knobs.best-selected}: the experiment's budget is spent. Carries the top trials (at
 * most ten) in order, best first; the first one's model is to be published.
 */
public record BestSelected(
        String experimentId,
        String owner,
        Objective objective,
        List<RankedTrial> leaderboard,
        String stopReason) {}
