package dev.knobs.trainer.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.knobs.eventing.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Open Inference Protocol inference requests token by token, straight into primitive arrays
 * of each input's datatype (a tensor whose {@code data} comes before its {@code datatype} is
 * buffered as tokens, then read the same way), and writes responses the same way. Every rule of the
 * protocol is checked here: a known datatype, values of that datatype (no strings for numbers, no
 * fractions for integers, every value within its type's range, non-finite numbers only where the
 * model allows them), nested data shaped as its {@code shape} says, and the number of values equal
 * to the shape's; more than {@value #MAX_ELEMENTS} values is too large (413).
 */
final class V2Codec {
    /** The most values the tensors of one request may hold together. */
    static final long MAX_ELEMENTS = 4_000_000;

    /** An inference request: its id (may be null), its inputs, and the outputs it asks for. */
    record Request(String id, List<Tensor> inputs, List<String> outputs) {}

    private V2Codec() {}

    /**
     * @param allowNonFinite whether strings "NaN", "Infinity" and "-Infinity" stand for those
     *     values in floating point inputs (only for a model that declares it takes them)
     */
    /** Jackson's parser, with its fast reader of floating point numbers. */
    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    static Request read(byte[] body, boolean allowNonFinite) throws IOException {
        return read(body, 0, body.length, allowNonFinite);
    }

    static Request read(byte[] body, int offset, int length, boolean allowNonFinite)
            throws IOException {
        try (JsonParser p = JSON.createParser(body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InferenceException(
                        "the request must be a JSON object with \"inputs\": a list of tensors");
            }
            String id = null;
            List<Tensor> inputs = null;
            List<String> outputs = new ArrayList<>();
            long[] budget = {MAX_ELEMENTS};
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "inputs" -> inputs = inputs(p, allowNonFinite, budget);
                    case "outputs" -> outputs = outputs(p);
                    default -> p.skipChildren();
                }
            }
            if (inputs == null || inputs.isEmpty()) {
                throw new InferenceException(
                        "the request needs \"inputs\": a list of tensors {name, shape, datatype, data}");
            }
            return new Request(id, inputs, outputs);
        }
    }

    private static List<Tensor> inputs(JsonParser p, boolean allowNonFinite, long[] budget)
            throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InferenceException("\"inputs\" must be a list of tensors");
        }
        List<Tensor> inputs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new InferenceException(
                        "each input must be an object {name, shape, datatype, data}");
            }
            Tensor t = input(p, allowNonFinite, budget);
            for (Tensor other : inputs) {
                if (other.name().equals(t.name())) {
                    throw new InferenceException("input '" + t.name() + "' is given twice");
                }
            }
            inputs.add(t);
        }
        return inputs;
    }

    private static List<String> outputs(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InferenceException("\"outputs\" must be a list of {\"name\": ...}");
        }
        List<String> names = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("name") && p.currentToken() == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (name == null) {
                throw new InferenceException("each requested output needs a \"name\"");
            }
            names.add(name);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new InferenceException("\"outputs\" must be a list of {\"name\": ...}");
        }
        return names;
    }

    private static Tensor input(JsonParser p, boolean allowNonFinite, long[] budget)
            throws IOException {
        String name = null;
        String datatype = null;
        long[] shape = null;
        TensorValues data = null;
        TokenBuffer early = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "datatype" -> datatype = value == JsonToken.VALUE_STRING ? p.getText() : "";
                case "shape" -> shape = shape(p, name);
                case "data" -> {
                    if (datatype == null) {
                        // the datatype comes later: keep the tokens, read them once it is known
                        early = new TokenBuffer(p);
                        early.copyCurrentStructure(p);
                    } else {
                        data = data(p, label(name), type(datatype, name), allowNonFinite, budget);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null || name.isEmpty()) {
            throw new InferenceException("every input needs a \"name\" (a string)");
        }
        if (datatype == null) {
            throw new InferenceException(
                    "input '" + name + "' needs a \"datatype\" (FP32, INT64, BYTES, ...)");
        }
        if (shape == null) {
            throw new InferenceException("input '" + name + "' needs a \"shape\", e.g. [2, 4]");
        }
        Datatype type = type(datatype, name);
        if (early != null) {
            try (JsonParser replay = early.asParser()) {
                replay.nextToken();
                data = data(replay, name, type, allowNonFinite, budget);
            }
        }
        if (data == null) {
            throw new InferenceException("input '" + name + "' needs \"data\"");
        }
        data.checkShape(name, shape);
        return new Tensor(name, type, shape, data.values());
    }

    private static String label(String name) {
        return name == null ? "?" : name;
    }

    private static Datatype type(String datatype, String name) {
        return Datatype.of(datatype, label(name));
    }

    private static long[] shape(JsonParser p, String name) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InferenceException(
                    "input '" + label(name) + "' needs a \"shape\": a list such as [2, 4]");
        }
        long[] dims = new long[2];
        int n = 0;
        long elements = 1;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                throw new InferenceException(
                        "input '"
                                + label(name)
                                + "' has a shape of non-negative whole numbers only");
            }
            if (n == dims.length) {
                dims = Arrays.copyOf(dims, n * 2);
            }
            dims[n++] = p.getLongValue();
            elements = elements < 0 ? elements : multiply(elements, dims[n - 1]);
        }
        if (elements < 0 || elements > MAX_ELEMENTS) {
            throw tooMany(label(name));
        }
        return Arrays.copyOf(dims, n);
    }

    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static TooLarge tooMany(String name) {
        return new TooLarge(
                "input '"
                        + name
                        + "' takes the request past "
                        + MAX_ELEMENTS
                        + " values; send fewer rows per request");
    }

    /** Reads one input's {@code data}: a (possibly nested) list of values of {@code type}. */
    private static TensorValues data(
            JsonParser p, String name, Datatype type, boolean allowNonFinite, long[] budget)
            throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InferenceException(
                    "input '" + name + "' needs \"data\": a list of values, flat or nested");
        }
        TensorValues data = new TensorValues(type);
        int depth = 1;
        int[] counts = new int[4];
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                counts[depth - 1]++;
                if (++depth > 16) {
                    throw new InferenceException(
                            "input '" + name + "' nests its data deeper than any shape");
                }
                if (depth > counts.length) {
                    counts = Arrays.copyOf(counts, 16);
                }
                counts[depth - 1] = 0;
            } else if (t == JsonToken.END_ARRAY) {
                data.closed(name, depth, counts[depth - 1]);
                depth--;
            } else {
                counts[depth - 1]++;
                data.leafAt(name, depth);
                if (--budget[0] < 0) {
                    throw tooMany(name);
                }
                data.add(p, name, allowNonFinite);
            }
        }
        return data;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** The response: model, version, the request's id, and the outputs asked for (all if none). */
    static byte[] write(String model, String version, String id, List<Tensor> outputs)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("model_name", model);
            g.writeStringField("model_version", version);
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor t : outputs) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("datatype", t.datatype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeFieldName("data");
                values(g, t.data());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void values(JsonGenerator g, Object data) throws IOException {
        if (data instanceof float[] a) {
            g.writeStartArray();
            for (float v : a) {
                number(g, v);
            }
            g.writeEndArray();
        } else if (data instanceof double[] a) {
            g.writeArray(a, 0, a.length);
        } else if (data instanceof long[] a) {
            g.writeArray(a, 0, a.length);
        } else if (data instanceof int[] a) {
            g.writeArray(a, 0, a.length);
        } else if (data instanceof boolean[] a) {
            g.writeStartArray();
            for (boolean v : a) {
                g.writeBoolean(v);
            }
            g.writeEndArray();
        } else {
            String[] a = (String[]) data;
            g.writeArray(a, 0, a.length);
        }
    }

    /** A float as JSON; a non-finite one (no JSON number) as its name, as the request form. */
    private static void number(JsonGenerator g, float v) throws IOException {
        if (Float.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeString(Float.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
    }
}
