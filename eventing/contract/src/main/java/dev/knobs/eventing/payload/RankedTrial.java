package dev.knobs.eventing.payload;

import java.util.Map;

/** One row of a leaderboard: rank 1 is the best. */
public record RankedTrial(
        int rank,
        String trialId,
        int trialNumber,
        Map<String, Object> parameters,
        Map<String, Double> metrics,
        double objectiveValue,
        ModelRef model) {}
