package dev.knobs.formats.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.ModelRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An XGBoost JSON model saved by a user's own trainer (the fixture: examples/xgboost/train.py with
 * Debian's python3-xgboost 1.7 on samples/churn.csv, {@code KNOBS_HPARAMS='{"n_estimators":2,
 * "max_depth":2}'}) is read into a card from its feature names, objective and class names; one
 * Knobs could not serve is refused with the reason.
 */
class XGBoostCardTest {

    @Test
    void aModelSavedWithFeatureAndClassNamesGetsACardThatTakesNamedNumbers() throws IOException {
        ModelSignature signature = ModelSignature.of(fixture(), ModelRef.XGBOOST_JSON);
        ModelCard card = signature.card().orElseThrow();
        assertThat(card.task()).isEqualTo(ModelCard.Task.CLASSIFICATION);
        assertThat(card.classes()).containsExactly("no", "yes");
        assertThat(card.labelColumn()).isEqualTo("churn");
        assertThat(card.featureOrder())
                .containsExactly(
                        "age",
                        "income",
                        "plan=basic",
                        "plan=gold",
                        "plan=plus",
                        "visits",
                        "tenure");
        assertThat(signature.inputs()).extracting(TensorSpec::name).contains("plan=gold");
        assertThat(signature.outputs())
                .extracting(TensorSpec::name)
                .containsExactly("label", "probabilities");
        // taken as they are: no scaling, a missing feature 0
        assertThat(card.encode(Map.of("age", 30, "plan=gold", 1, "tenure", "2.5")))
                .containsExactly(30f, 0f, 0f, 1f, 0f, 0f, 2.5f);
    }

    @Test
    void withoutClassNamesTheClassesAreTheirIndicesAndRegressionHasNone() throws IOException {
        assertThat(card(m -> attributes(m).remove("knobs_classes")).classes())
                .containsExactly("0", "1");
        ModelCard regression =
                card(
                        m ->
                                ((ObjectNode) m.path("learner").path("objective"))
                                        .put("name", "reg:squarederror"));
        assertThat(regression.task()).isEqualTo(ModelCard.Task.REGRESSION);
        assertThat(regression.outputs()).extracting(TensorSpec::name).containsExactly("value");
    }

    @Test
    void aModelKnobsCannotServeIsRefusedWithTheReason() {
        assertRefused(
                m -> ((ObjectNode) m.path("learner")).putArray("feature_names"),
                "has no feature names");
        assertRefused(
                m -> ((ObjectNode) m.path("learner")).putArray("feature_types").add("c"),
                "categorical features");
        assertRefused(
                m ->
                        ((ObjectNode) m.path("learner").path("objective"))
                                .put("name", "rank:pairwise"),
                "objective 'rank:pairwise'");
        assertRefused(
                m -> attributes(m).put("knobs_classes", "[\"a\", \"b\", \"c\"]"),
                "names 3 distinct classes, the model has 2");
        assertRefused(m -> attributes(m).put("knobs_classes", "no"), "not a JSON list");
        assertThatThrownBy(() -> ModelSignature.of("{".getBytes(), ModelRef.XGBOOST_JSON))
                .hasMessageContaining("not JSON");
    }

    private static void assertRefused(Consumer<ObjectNode> change, String why) {
        assertThatThrownBy(() -> card(change))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    private static ObjectNode attributes(ObjectNode model) {
        return (ObjectNode) model.path("learner").path("attributes");
    }

    private static ModelCard card(Consumer<ObjectNode> change) throws IOException {
        ObjectNode model = (ObjectNode) Json.MAPPER.readTree(fixture());
        change.accept(model);
        return ModelSignature.of(Json.MAPPER.writeValueAsBytes(model), ModelRef.XGBOOST_JSON)
                .card()
                .orElseThrow();
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in =
                XGBoostCardTest.class.getResourceAsStream("/models/xgboost-own-trainer.json")) {
            return in.readAllBytes();
        }
    }
}
