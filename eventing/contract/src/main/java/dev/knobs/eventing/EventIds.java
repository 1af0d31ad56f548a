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

    /** Each attempt of a trial is requested anew (a lost trial is run again). */
    public static String trialRequested(String trialId, int attempt) {
        return trialId + "/requested" + (attempt <= 1 ? "" : "/" + attempt);
    }

    public static String trialProgress(String trialId, long step) {
        return trialProgress(trialId, 1, step);
    }

    public static String trialProgress(String trialId, int attempt, long step) {
        return trialId + attemptPart(attempt) + "/step/" + step;
    }

    public static String trialFinished(String trialId) {
        return trialFinished(trialId, 1);
    }

    /**
     * One end per attempt: whoever reports it (the trainer, its launcher, the platform's sweep),
     * the same id, so only the first report of an attempt counts.
     */
    public static String trialFinished(String trialId, int attempt) {
        return trialId + attemptPart(attempt) + "/finished";
    }

    private static String attemptPart(int attempt) {
        return attempt <= 1 ? "" : "/attempt/" + attempt;
    }

    /**
     * What the ids of one run of an experiment start with: the experiment's id for its first run,
     * {@code <id>/extension/<n>} for the run its owner's {@code n}-th extension of its budget
     * started, so that each run's start, cancellation, best and end are events of their own.
     */
    public static String run(String experimentId, int extension) {
        return extension <= 0 ? experimentId : extensionRequested(experimentId, extension);
    }

    public static String extensionRequested(String experimentId, int extension) {
        return experimentId + "/extension/" + extension;
    }

    public static String cancelRequested(String experimentId) {
        return cancelRequested(experimentId, 0);
    }

    public static String cancelRequested(String experimentId, int extension) {
        return run(experimentId, extension) + "/cancel";
    }

    public static String bestSelected(String experimentId) {
        return bestSelected(experimentId, 0);
    }

    public static String bestSelected(String experimentId, int extension) {
        return run(experimentId, extension) + "/best";
    }

    public static String modelUploaded(String modelName, String uploadId) {
        return modelName + "/" + uploadId + "/uploaded";
    }

    public static String modelAccessChanged(String modelName, long change) {
        return modelName + "/access/" + change;
    }

    public static String modelPublished(String modelName, int revision) {
        return modelName + "/r" + revision + "/published";
    }
}
