package dev.knobs.web.experiment;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An experiment's trials as one CSV table, the way optuna's {@code trials_dataframe()} lays them
 * out: one row per trial, its state, objective, times and reason, then one {@code params_<name>}
 * column per hyperparameter and one {@code metrics_<name>} column per metric any trial reported.
 */
final class TrialExports {
    private TrialExports() {}

    static String csv(List<TrialView> trials) {
        TreeSet<String> params = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        for (TrialView t : trials) {
            params.addAll(t.parameters().keySet());
            if (t.metrics() != null) {
                metrics.addAll(t.metrics().keySet());
            }
        }
        List<String> header =
                new ArrayList<>(
                        List.of(
                                "number",
                                "id",
                                "state",
                                "objective",
                                "started_at",
                                "finished_at",
                                "duration_s",
                                "attempts",
                                "reason"));
        params.forEach(p -> header.add("params_" + p));
        metrics.forEach(m -> header.add("metrics_" + m));
        StringWriter out = new StringWriter();
        try (CSVPrinter printer =
                new CSVPrinter(
                        out,
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader(header.toArray(String[]::new))
                                .get())) {
            for (TrialView t : trials) {
                printer.printRecord(row(t, params, metrics));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<Object> row(TrialView t, TreeSet<String> params, TreeSet<String> metrics) {
        List<Object> row = new ArrayList<>();
        row.add(t.number());
        row.add(t.id());
        row.add(t.state());
        row.add(t.objectiveValue());
        row.add(t.startedAt());
        row.add(t.finishedAt());
        row.add(
                t.startedAt() == null || t.finishedAt() == null
                        ? null
                        : Duration.between(t.startedAt(), t.finishedAt()).toMillis() / 1000.0);
        row.add(t.attempt());
        row.add(t.reason());
        params.forEach(p -> row.add(t.parameters().get(p)));
        Map<String, Double> m = t.metrics() == null ? Map.of() : t.metrics();
        metrics.forEach(name -> row.add(m.get(name)));
        return row;
    }
}
