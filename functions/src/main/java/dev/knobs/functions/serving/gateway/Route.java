package dev.knobs.functions.serving.gateway;

import dev.knobs.functions.serving.ModelDeployer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which version of a model a request goes to, and the path it is forwarded with: {@code
 * /versions/<v>/<rest>} and the V2 path {@code /v2/models/<name>/versions/<v>/...} name one; any
 * other request goes to the canary for its share of calls (a roll of 0-99 below the canary's
 * percent) and to the primary otherwise.
 */
record Route(int revision, String path) {
    private static final Pattern VERSION_PREFIX = Pattern.compile("^/versions/(\\d{1,9})(/.*)?$");
    private static final Pattern V2_VERSION =
            Pattern.compile("^/v2/models/([^/]+)/versions/(\\d{1,9})(/.*)?$");

    static Route of(String name, String rest, ModelDeployer.Serving serving, int roll) {
        if (!rest.contains("/versions/")) {
            return split(rest, serving, roll);
        }
        Matcher prefix = VERSION_PREFIX.matcher(rest);
        if (prefix.matches()) {
            return new Route(
                    Integer.parseInt(prefix.group(1)),
                    prefix.group(2) == null ? "/" : prefix.group(2));
        }
        Matcher v2 = V2_VERSION.matcher(rest);
        if (v2.matches() && v2.group(1).equals(name)) {
            return new Route(Integer.parseInt(v2.group(2)), rest);
        }
        return split(rest, serving, roll);
    }

    private static Route split(String rest, ModelDeployer.Serving serving, int roll) {
        boolean canary = serving.canary() != null && roll < serving.canaryPercent();
        return new Route(canary ? serving.canary() : serving.primary(), rest);
    }

    /** Whether it is a health check (open even on a model that needs a token). */
    boolean health() {
        return path.equals("/v2/health/live") || path.equals("/v2/health/ready");
    }

    /** The share of the model's traffic {@code revision} takes, in percent. */
    static int percent(ModelDeployer.Serving serving, int revision) {
        int canary = serving.canary() == null ? 0 : serving.canaryPercent();
        if (serving.canary() != null && serving.canary() == revision) {
            return serving.primary() == revision ? 100 : canary;
        }
        return serving.primary() == revision ? 100 - canary : 0;
    }
}
