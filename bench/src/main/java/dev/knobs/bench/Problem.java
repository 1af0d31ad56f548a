package dev.knobs.bench;

import dev.knobs.eventing.payload.SearchSpace;
import java.util.Map;

/**
 * A function to minimise over a search space. {@code optimum} is its known minimum, or null when it
 * has none (a real tuning task: regret is then measured from the best value any run found).
 */
interface Problem {
    String name();

    SearchSpace space();

    double evaluate(Map<String, Object> x);

    Double optimum();

    /** A problem whose evaluations may run on several threads at once. */
    default Problem forThisThread() {
        return this;
    }
}
