package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optuna in a Python process ({@code optuna_runner.py}), driven one JSON line at a time; the
 * objective is evaluated here, so both sides optimise the very same function.
 */
final class OptunaProcess implements AutoCloseable {
    static final String PYTHON = System.getProperty("knobs.bench.python", "/usr/bin/python3");

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    OptunaProcess(Path runner) {
        try {
            process =
                    new ProcessBuilder(PYTHON, runner.toString())
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + PYTHON + " " + runner, e);
        }
        in =
                new BufferedWriter(
                        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonNode call(ObjectNode command) {
        try {
            in.write(Json.MAPPER.writeValueAsString(command));
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the Optuna runner ended; see its output above");
            }
            JsonNode answer = Json.MAPPER.readTree(line);
            if (answer.has("error")) {
                throw new IllegalStateException("Optuna runner: " + answer.get("error").asText());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode space(SearchSpace space) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        for (Parameter p : space.parameters()) {
            ObjectNode d = result.putObject(p.name());
            if (p instanceof Parameter.FloatRange f) {
                d.put("type", "float")
                        .put("low", f.low())
                        .put("high", f.high())
                        .put("log", f.log());
            } else if (p instanceof Parameter.IntRange i) {
                d.put("type", "int")
                        .put("low", i.low())
                        .put("high", i.high())
                        .put("log", i.log())
                        .put("step", i.step());
            } else if (p instanceof Parameter.Categorical c) {
                ArrayNode choices = d.put("type", "categorical").putArray("choices");
                c.choices().forEach(v -> choices.add(String.valueOf(v)));
            } else {
                throw new IllegalArgumentException("fixed parameters are not benchmarked");
            }
        }
        return result;
    }

    /**
     * A seeded study with one of the runner's samplers ({@code tpe}, {@code tpe-mv}, {@code qmc},
     * {@code cmaes}, {@code random}).
     */
    Study study(SearchSpace space, long seed, String sampler) {
        return study(space, seed, sampler, 1);
    }

    /** A study of {@code objectives} objectives (1 or 2, all minimised). */
    Study study(SearchSpace space, long seed, String sampler, int objectives) {
        ObjectNode command =
                Json.MAPPER
                        .createObjectNode()
                        .put("op", "study")
                        .put("seed", seed)
                        .put("sampler", sampler)
                        .put("objectives", objectives);
        command.set("space", space(space));
        call(command);
        return new Study() {
            @Override
            public Study.Asked ask() {
                JsonNode answer = call(Json.MAPPER.createObjectNode().put("op", "ask"));
                JsonNode params = answer.get("params");
                Map<String, Object> values = new LinkedHashMap<>();
                params.fields()
                        .forEachRemaining(
                                e ->
                                        values.put(
                                                e.getKey(),
                                                e.getValue().isTextual()
                                                        ? e.getValue().asText()
                                                        : e.getValue().isIntegralNumber()
                                                                ? (Object) e.getValue().asLong()
                                                                : e.getValue().asDouble()));
                return new Study.Asked(answer.get("number").asInt(), values);
            }

            @Override
            public void tell(Study.Asked asked, double value) {
                call(
                        Json.MAPPER
                                .createObjectNode()
                                .put("op", "tell")
                                .put("value", value)
                                .put("number", asked.number()));
            }

            @Override
            public void tell(Study.Asked asked, double[] values) {
                ObjectNode tell =
                        Json.MAPPER
                                .createObjectNode()
                                .put("op", "tell")
                                .put("number", asked.number());
                ArrayNode v = tell.putArray("values");
                for (double x : values) {
                    v.add(x);
                }
                call(tell);
            }
        };
    }

    /** Seconds Optuna takes to suggest the next trial after {@code history}, per repeat. */
    List<Double> cost(
            SearchSpace space, List<Map.Entry<Map<String, Object>, Double>> history, int repeats) {
        ObjectNode command =
                Json.MAPPER
                        .createObjectNode()
                        .put("op", "cost")
                        .put("seed", 1)
                        .put("repeats", repeats);
        command.set("space", space(space));
        ArrayNode h = command.putArray("history");
        for (var e : history) {
            ArrayNode pair = h.addArray();
            pair.add(Json.MAPPER.valueToTree(e.getKey()));
            pair.add(e.getValue());
        }
        List<Double> seconds = new ArrayList<>();
        call(command).get("seconds").forEach(s -> seconds.add(s.asDouble()));
        return seconds;
    }

    @Override
    public void close() {
        try {
            in.close();
            process.waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
