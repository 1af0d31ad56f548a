package dev.knobs.eventing;

import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.ExperimentFinished;
import dev.knobs.eventing.payload.ExperimentStarted;
import dev.knobs.eventing.payload.ExtensionRequested;
import dev.knobs.eventing.payload.ModelAccessChanged;
import dev.knobs.eventing.payload.ModelPublicationFailed;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.eventing.payload.SubscriptionTest;
import dev.knobs.eventing.payload.TrialCompleted;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.UploadReceived;
import java.util.Arrays;
import java.util.Optional;

/**
 * The closed set of CloudEvent types that make up the Knobs flow. Each type has one payload record
 * and one JSON Schema ({@code schemas/<short-name>.json} on the classpath). The types that tell a
 * person what happened to their experiments and models ({@link #forOwners()}) also go to the
 * owner's notifications and subscriptions.
 */
public enum EventType {
    UPLOAD_RECEIVED("upload-received", UploadReceived.class),
    TRIAL_REQUESTED("trial-requested", TrialRequested.class),
    TRIAL_PROGRESS("trial-progress", TrialProgress.class),
    TRIAL_FINISHED("trial-finished", TrialFinished.class),
    BEST_SELECTED("best-selected", BestSelected.class),
    MODEL_UPLOADED("model-uploaded", ModelUploaded.class),
    MODEL_PUBLISHED("model-published", ModelPublished.class, true),
    CANCEL_REQUESTED("cancel-requested", CancelRequested.class),
    MODEL_ACCESS_CHANGED("model-access-changed", ModelAccessChanged.class, true),
    EXPERIMENT_STARTED("experiment-started", ExperimentStarted.class, true),
    TRIAL_COMPLETED("trial-completed", TrialCompleted.class, true),
    EXPERIMENT_FINISHED("experiment-finished", ExperimentFinished.class, true),
    MODEL_PUBLICATION_FAILED("model-publication-failed", ModelPublicationFailed.class, true),
    SUBSCRIPTION_TEST("subscription-test", SubscriptionTest.class, true),
    EXTENSION_REQUESTED("extension-requested", ExtensionRequested.class);

    public static final String PREFIX = "dev.knobs.";

    private final String shortName;
    private final Class<?> payloadType;
    private final boolean forOwners;

    EventType(String shortName, Class<?> payloadType) {
        this(shortName, payloadType, false);
    }

    EventType(String shortName, Class<?> payloadType, boolean forOwners) {
        this.shortName = shortName;
        this.payloadType = payloadType;
        this.forOwners = forOwners;
    }

    /**
     * Whether this type tells a person what happened to something of theirs: it carries the owner
     * and nothing secret, and reaches the owner's notifications and subscriptions.
     */
    public boolean forOwners() {
        return forOwners;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code dev.knobs.trial-finished}. */
    public String type() {
        return PREFIX + shortName;
    }

    public String shortName() {
        return shortName;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /** Classpath location of this type's JSON Schema. */
    public String schemaResource() {
        return "schemas/" + shortName + ".json";
    }

    public static Optional<EventType> fromType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.type().equals(ceType)).findFirst();
    }

    public static EventType of(Class<?> payloadType) {
        return Arrays.stream(values())
                .filter(t -> t.payloadType.equals(payloadType))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("not a Knobs payload: " + payloadType));
    }
}
