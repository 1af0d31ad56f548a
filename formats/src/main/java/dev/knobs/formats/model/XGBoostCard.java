package dev.knobs.formats.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The card of an XGBoost JSON model Knobs did not train — one a user's own trainer saved with its
 * feature names ({@code booster.feature_names}, or a pandas DataFrame's columns): every feature a
 * number taken as it is (no scaling; a missing one is 0), the task from the model's objective, and
 * the classes from its {@value #CLASSES} attribute (a JSON list in the order of the model's
 * classes, set by {@code knobs.save_xgboost}) or else {@code 0, 1, …}.
 */
final class XGBoostCard {
    /** The attribute that names the classes, in the model's order. */
    static final String CLASSES = "knobs_classes";

    /** The attribute that names the column the model predicts. */
    static final String LABEL = "knobs_label";

    private XGBoostCard() {}

    static ModelCard of(JsonNode model) {
        JsonNode learner = model.path("learner");
        List<String> features = new ArrayList<>();
        learner.path("feature_names").forEach(n -> features.add(n.asText()));
        if (features.isEmpty()) {
            throw new IllegalArgumentException(
                    "this XGBoost model has no feature names: train it on a DataFrame, or set"
                            + " booster.feature_names before saving, so requests can name them");
        }
        if (new HashSet<>(features).size() != features.size()) {
            throw new IllegalArgumentException("its feature names repeat: " + features);
        }
        for (JsonNode type : learner.path("feature_types")) {
            if (type.asText().equals("c")) {
                throw new IllegalArgumentException(
                        "it has categorical features (enable_categorical); one-hot encode them as"
                                + " number columns instead");
            }
        }
        String objective = learner.path("objective").path("name").asText("");
        JsonNode attributes = learner.path("attributes");
        String label = attributes.path(LABEL).asText("label");
        List<ColumnSpec> columns = features.stream().map(f -> ColumnSpec.numeric(f, 0, 1)).toList();
        if (objective.startsWith("reg:") || objective.equals("count:poisson")) {
            return new ModelCard(
                    "xgboost", ModelCard.Task.REGRESSION, label, List.of(), columns, features);
        }
        int classes;
        if (objective.equals("binary:logistic")) {
            classes = 2;
        } else if (objective.equals("multi:softprob")) {
            classes =
                    Integer.parseInt(
                            learner.path("learner_model_param").path("num_class").asText("0"));
            if (classes < 2) {
                throw new IllegalArgumentException(
                        "its num_class is " + classes + ", not 2 or more");
            }
        } else {
            throw new IllegalArgumentException(
                    "its objective '"
                            + objective
                            + "' gives no probabilities or values Knobs can serve; use"
                            + " binary:logistic, multi:softprob or a reg: objective");
        }
        List<String> names = classes(attributes.path(CLASSES), classes);
        return new ModelCard(
                "xgboost", ModelCard.Task.CLASSIFICATION, label, names, columns, features);
    }

    private static List<String> classes(JsonNode attribute, int count) {
        if (attribute.isMissingNode()) {
            List<String> numbers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                numbers.add(String.valueOf(i));
            }
            return numbers;
        }
        List<String> names;
        try {
            names = Json.MAPPER.readValue(attribute.asText(), new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "its " + CLASSES + " attribute is not a JSON list of class names");
        }
        if (names.size() != count || new HashSet<>(names).size() != count) {
            throw new IllegalArgumentException(
                    "its "
                            + CLASSES
                            + " attribute names "
                            + names.size()
                            + " distinct classes, the model has "
                            + count);
        }
        return names;
    }
}
