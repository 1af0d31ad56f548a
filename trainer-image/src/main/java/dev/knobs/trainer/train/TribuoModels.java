package dev.knobs.trainer.train;

import ai.onnx.proto.OnnxMl;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.trainer.data.PreparedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.RMSProp;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** What the Tribuo-based algorithms share: datasets from prepared rows, optimisers, ONNX export. */
final class TribuoModels {
    private TribuoModels() {}

    static MutableDataset<Label> classification(PreparedData data) {
        LabelFactory factory = new LabelFactory();
        return dataset(data, factory, row -> new Label(row.get(data.labelColumn())));
    }

    static MutableDataset<Regressor> regression(PreparedData data) {
        RegressionFactory factory = new RegressionFactory();
        return dataset(
                data,
                factory,
                row ->
                        new Regressor(
                                data.labelColumn(),
                                Double.parseDouble(row.get(data.labelColumn()))));
    }

    private static <T extends Output<T>> MutableDataset<T> dataset(
            PreparedData data,
            OutputFactory<T> factory,
            java.util.function.Function<Map<String, String>, T> label) {
        MutableDataset<T> dataset =
                new MutableDataset<>(
                        new SimpleDataSourceProvenance("knobs-training-rows", factory), factory);
        List<String> names = data.featureNames();
        ModelCard.Encoder encoder =
                new ModelCard(
                                "",
                                data.task(),
                                data.labelColumn(),
                                data.classes(),
                                data.columns(),
                                names)
                        .encoder();
        String[] featureNames = names.toArray(String[]::new);
        for (Map<String, String> row : data.train()) {
            float[] x = encoder.encode(row);
            double[] values = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                values[i] = x[i];
            }
            dataset.add(new ArrayExample<>(label.apply(row), featureNames, values));
        }
        return dataset;
    }

    static StochasticGradientOptimiser optimiser(Hyperparameters hp) {
        double lr = hp.real("learning_rate", 0.1);
        if (!(lr > 0)) {
            throw new IllegalArgumentException(
                    "hyperparameter 'learning_rate' must be positive, got " + lr);
        }
        return switch (hp.text("optimizer", "adagrad").toLowerCase()) {
            case "adagrad" -> new AdaGrad(lr);
            case "adam" -> new Adam(lr, 0.9, 0.999, 1e-8);
            case "sgd" -> SGD.getLinearDecaySGD(lr);
            case "rmsprop" -> new RMSProp(lr, 0.9);
            default ->
                    throw new IllegalArgumentException(
                            "hyperparameter 'optimizer' must be one of adagrad, adam, sgd, rmsprop; got '"
                                    + hp.text("optimizer", "")
                                    + "'");
        };
    }

    /**
     * Exports to ONNX with the model card as the only metadata: Tribuo's provenance (which holds
     * the absolute path of the training file) is dropped.
     */
    static <T extends Output<T>> TrainedModel export(
            Model<T> model, PreparedData data, String algorithm) throws Exception {
        List<String> featureOrder = new ArrayList<>();
        var featureMap = model.getFeatureIDMap();
        for (int id = 0; id < featureMap.size(); id++) {
            featureOrder.add(featureMap.get(id).getName());
        }
        List<String> classes = new ArrayList<>();
        if (data.task() == ModelCard.Task.CLASSIFICATION) {
            var outputs = model.getOutputIDInfo();
            for (int id = 0; id < outputs.size(); id++) {
                classes.add(((Label) outputs.getOutput(id)).getLabel());
            }
        }
        ModelCard card =
                new ModelCard(
                        algorithm,
                        data.task(),
                        data.labelColumn(),
                        classes,
                        data.columns(),
                        featureOrder);
        OnnxMl.ModelProto proto = ((ONNXExportable) model).exportONNXModel("dev.knobs", 1);
        OnnxMl.ModelProto clean =
                proto.toBuilder()
                        .clearMetadataProps()
                        .clearDocString()
                        .addMetadataProps(
                                OnnxMl.StringStringEntryProto.newBuilder()
                                        .setKey(ModelCard.KEY)
                                        .setValue(Json.MAPPER.writeValueAsString(card)))
                        .build();
        return new TrainedModel(clean.toByteArray(), ModelRef.ONNX);
    }

    static int epochs(Hyperparameters hp) {
        int epochs = hp.integer("epochs", 10);
        if (epochs < 1 || epochs > 10_000) {
            throw new IllegalArgumentException(
                    "hyperparameter 'epochs' must be between 1 and 10000, got " + epochs);
        }
        return epochs;
    }

    static int minibatch(Hyperparameters hp) {
        int size = hp.integer("minibatch_size", 1);
        if (size < 1) {
            throw new IllegalArgumentException(
                    "hyperparameter 'minibatch_size' must be at least 1, got " + size);
        }
        return size;
    }
}
