package dev.knobs.eventing;

/** Deterministic event ids: the same logical event always gets the same id. */
public final class EventIds {
    private EventIds() {}

    public static String uploadReceived(String experimentId) {
        return experimentId + "/submitted";
    }

    public static String trialId(String experimentId, int trialNumber) {
        return experimentId + "-t" + trialNumber;
    }

    public static String trialRequested(String trialId) {
        return trialId + "/requested";
    }

    public static String trialProgress(String trialId, long step) {
        return trialId + "/step/" + step;
    }

    public static String trialFinished(String trialId) {
        return trialId + "/finished";
    }

    public static String cancelRequested(String experimentId) {
        return experimentId + "/cancel";
    }

    public static String bestSelected(String experimentId) {
        return experimentId + "/best";
    }

    public static String modelUploaded(String modelName, int revision) {
        return modelName + "/r" + revision + "/uploaded";
    }

    public static String modelAccessChanged(String modelName, long change) {
        return modelName + "/access/" + change;
    }

    public static String modelPublished(String modelName, int revision) {
        return modelName + "/r" + revision + "/published";
    }
}
