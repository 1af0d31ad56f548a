package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.upload-received}: a user submitted something to train and a search space. The
 * functions create the experiment and ask the search algorithm for the first trials.
 */
public record UploadReceived(
        String experimentId,
        String owner,
        String name,
        DatasetRef dataset,
        String algorithm,
        CustomTrainer trainer,
        SearchSpace searchSpace,
        String searchAlgorithm,
        long seed,
        Objective objective,
        Budget budget,
        Resources resources,
        EarlyStopping earlyStopping) {
    public UploadReceived {
        earlyStopping = earlyStopping == null ? EarlyStopping.NONE : earlyStopping;
    }
}
