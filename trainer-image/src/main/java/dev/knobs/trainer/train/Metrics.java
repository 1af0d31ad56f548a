package dev.knobs.trainer.train;

import dev.knobs.formats.model.ModelCard;
import dev.knobs.trainer.data.PreparedData;
import dev.knobs.trainer.serve.LoadedModel;
import dev.knobs.trainer.serve.RowPrediction;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validation metrics: accuracy, macro_f1 and logloss for classification; rmse, mae and r2 for
 * regression; and for every model what it costs to serve — {@code model_size_kb} (the exported
 * file) and {@code latency_ms} (the median time to predict one row through it) — the usual second
 * objectives to trade against quality.
 */
public final class Metrics {
    private Metrics() {}

    /** How many one-row predictions {@code latency_ms} is the median of (after as many warm-up). */
    static final int LATENCY_SAMPLES = 101;

    /** The validation metrics of a trained model, measured through the exported file itself. */
    public static Map<String, Double> measure(TrainedModel model, PreparedData data)
            throws Exception {
        try (LoadedModel loaded = LoadedModel.load(model.bytes(), model.format())) {
            Map<String, Double> m =
                    new TreeMap<>(
                            of(
                                    loaded.card().orElseThrow(),
                                    data.validation(),
                                    loaded.predictRows(data.validation())));
            m.put("model_size_kb", model.bytes().length / 1024.0);
            m.put("latency_ms", latencyMs(loaded, data.validation()));
            return m;
        }
    }

    /**
     * The median wall time of one-row predictions through the loaded model, in milliseconds: what
     * one request costs a served model, its own overhead included. Rows are taken in turn; as many
     * predictions as are measured warm it up first.
     */
    static double latencyMs(LoadedModel loaded, List<Map<String, String>> rows) throws Exception {
        if (rows.isEmpty()) {
            return Double.NaN;
        }
        long[] nanos = new long[LATENCY_SAMPLES];
        for (int i = 0; i < 2 * LATENCY_SAMPLES; i++) {
            List<Map<String, String>> one = List.of(rows.get(i % rows.size()));
            long start = System.nanoTime();
            loaded.predictRows(one);
            if (i >= LATENCY_SAMPLES) {
                nanos[i - LATENCY_SAMPLES] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(nanos);
        return nanos[LATENCY_SAMPLES / 2] / 1e6;
    }

    public static Map<String, Double> of(
            ModelCard card, List<Map<String, String>> rows, List<RowPrediction> predictions) {
        return card.task() == ModelCard.Task.CLASSIFICATION
                ? classification(card, rows, predictions)
                : regression(card, rows, predictions);
    }

    private static Map<String, Double> classification(
            ModelCard card, List<Map<String, String>> rows, List<RowPrediction> predictions) {
        List<String> classes = card.classes();
        int k = classes.size();
        int[] tp = new int[k];
        int[] fp = new int[k];
        int[] fn = new int[k];
        int correct = 0;
        double logloss = 0;
        for (int i = 0; i < rows.size(); i++) {
            String truth = rows.get(i).get(card.labelColumn());
            RowPrediction p = predictions.get(i);
            int t = classes.indexOf(truth);
            int guess = classes.indexOf(p.label());
            if (t == guess) {
                correct++;
                tp[t]++;
            } else {
                fp[guess]++;
                if (t >= 0) {
                    fn[t]++;
                }
            }
            double pTruth = p.probabilities().getOrDefault(truth, 0.0);
            logloss -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, pTruth)));
        }
        double f1 = 0;
        for (int c = 0; c < k; c++) {
            double denom = 2.0 * tp[c] + fp[c] + fn[c];
            f1 += denom == 0 ? 0 : 2.0 * tp[c] / denom;
        }
        Map<String, Double> m = new TreeMap<>();
        m.put("accuracy", (double) correct / rows.size());
        m.put("macro_f1", f1 / k);
        m.put("logloss", logloss / rows.size());
        return m;
    }

    private static Map<String, Double> regression(
            ModelCard card, List<Map<String, String>> rows, List<RowPrediction> predictions) {
        double sse = 0;
        double sae = 0;
        double mean =
                rows.stream()
                        .mapToDouble(r -> Double.parseDouble(r.get(card.labelColumn())))
                        .average()
                        .orElse(0);
        double sst = 0;
        for (int i = 0; i < rows.size(); i++) {
            double y = Double.parseDouble(rows.get(i).get(card.labelColumn()));
            double e = y - predictions.get(i).value();
            sse += e * e;
            sae += Math.abs(e);
            sst += (y - mean) * (y - mean);
        }
        Map<String, Double> m = new TreeMap<>();
        m.put("rmse", Math.sqrt(sse / rows.size()));
        m.put("mae", sae / rows.size());
        m.put("r2", sst == 0 ? 0 : 1 - sse / sst);
        return m;
    }
}
