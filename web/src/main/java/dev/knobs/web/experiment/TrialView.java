package dev.knobs.web.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One trial as the API shows it; {@code rank} is set in the leaderboard. {@code attempt} counts the
 * runs of the trial (a run lost to a crash is run again, not failed); {@code history} says why each
 * earlier attempt ended.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrialView(
        Integer rank,
        String id,
        int number,
        String state,
        Map<String, Object> parameters,
        Map<String, Double> metrics,
        Long lastStep,
        Double objectiveValue,
        String reason,
        Integer exitCode,
        String logTail,
        int attempt,
        String history,
        Instant startedAt,
        Instant finishedAt) {}
