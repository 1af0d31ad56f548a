package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Crash recovery, measured: one experiment of {@code trials} XGBoost trials, {@code parallel} at a
 * time, on the packaged embedded platform, through {@code kill -9} of the whole platform (every
 * process at once: front, functions, broker, PostgreSQL, trials), of the functions process alone
 * and of single trials, each at a random moment. The experiment allows no failed trial, so one
 * counted against it would end it. At the end: how many trials finished (exactly {@code trials},
 * each number once), none failed, the best model published and answering; and for each crash, the
 * time from the restart (or the kill, for parts the platform restarts itself) until a trial runs
 * again and until one finishes.
 */
final class Crash {
    enum Kind {
        PLATFORM("kill -9 of the whole platform, then ./knobs up"),
        FUNCTIONS("kill -9 of the functions process"),
        TRIAL("kill -9 of one running trial");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** One crash and how long the platform took to make progress after it. */
    record Outcome(
            Kind kind,
            double at,
            int finishedBefore,
            Double ready,
            double running,
            double finished) {}

    private final Path jar;
    private final int trials;
    private final int parallel;
    private final Map<Kind, Integer> crashes;
    private final Random random;
    private PackagedPlatform platform;
    private String experiment;

    Crash(Path jar, int trials, int parallel, Map<Kind, Integer> crashes, long seed) {
        this.jar = jar;
        this.trials = trials;
        this.parallel = parallel;
        this.crashes = crashes;
        this.random = new Random(seed);
    }

    void run() throws Exception {
        Path data = Files.createTempDirectory("knobs-crash");
        try (PackagedPlatform started = new PackagedPlatform(jar, data)) {
            platform = started;
            platform.start();
            Instant begin = Instant.now();
            experiment = startExperiment(uploadDataset());
            List<Kind> plan = new ArrayList<>();
            crashes.forEach((kind, n) -> plan.addAll(Collections.nCopies(n, kind)));
            Collections.shuffle(plan, random);
            List<Outcome> outcomes = new ArrayList<>();
            // spread over the experiment: crash k once about k/(n+1) of the trials are done
            int room = Math.max(plan.size(), trials - 2 * parallel);
            for (int k = 0; k < plan.size(); k++) {
                int target = (k + 1) * room / (plan.size() + 1) + random.nextInt(2);
                outcomes.add(crash(plan.get(k), begin, target));
            }
            JsonNode end = awaitEnd(Duration.ofMinutes(20));
            double wall = Duration.between(begin, Instant.now()).toMillis() / 1e3;
            report(outcomes, end, wall, data);
        }
    }

    private String uploadDataset() throws Exception {
        StringBuilder csv = new StringBuilder("age,plan,monthly,tenure,churn\n");
        Random r = new Random(42);
        String[] plans = {"basic", "plus", "pro"};
        for (int i = 0; i < 1500; i++) {
            int age = 18 + r.nextInt(60);
            String plan = plans[r.nextInt(3)];
            double monthly = 10 + 90 * r.nextDouble();
            int tenure = r.nextInt(72);
            double z =
                    0.04 * (monthly - 50)
                            - 0.05 * tenure
                            + (plan.equals("basic") ? 0.8 : 0)
                            + r.nextGaussian() * 0.7;
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%s,%.2f,%d,%s%n",
                            age,
                            plan,
                            monthly,
                            tenure,
                            z > 0 ? "yes" : "no"));
        }
        return platform.dataset("crash", csv);
    }

    private String startExperiment(String dataset) throws Exception {
        ObjectNode spec =
                Json.MAPPER
                        .createObjectNode()
                        .put("name", "crash")
                        .put("datasetId", dataset)
                        .put("labelColumn", "churn")
                        .put("algorithm", "xgboost")
                        .put(
                                "searchSpace",
                                "max_depth: 2..6\nlearning_rate = 0.05 ~ 0.3 log\n"
                                        + "n_estimators: 20..80")
                        .put("searchAlgorithm", "random")
                        .put("seed", 7);
        // no failed trial allowed: one crash counted against the experiment would end it
        spec.putObject("budget")
                .put("maxTrials", trials)
                .put("parallelTrials", parallel)
                .put("maxFailedTrials", 0);
        spec.putObject("resources")
                .put("cpu", 0.5)
                .put("memoryMb", 512)
                .put("deadlineSeconds", 300);
        HttpResponse<String> created =
                platform.post(
                        "/api/experiments",
                        "application/json",
                        spec.toString().getBytes(StandardCharsets.UTF_8));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("cannot start: " + created.body());
        }
        return Json.MAPPER.readTree(created.body()).path("id").asText();
    }

    private JsonNode trialList() throws Exception {
        return platform.get("/api/experiments/" + experiment + "/trials");
    }

    private int finished() throws Exception {
        return platform.get("/api/experiments/" + experiment)
                .path("trials")
                .path("finished")
                .asInt();
    }

    /** Waits for a random moment with work under way, crashes, and times the recovery. */
    private Outcome crash(Kind kind, Instant begin, int target) throws Exception {
        while (finished() < target || trialProcesses().isEmpty()) {
            if (ended()) {
                throw new IllegalStateException(
                        "the experiment ended before every crash was done (waiting for "
                                + target
                                + " finished trials, "
                                + kind
                                + "): "
                                + platform.get("/api/experiments/" + experiment));
            }
            Thread.sleep(100);
        }
        Thread.sleep(random.nextInt(1500));
        int before = finished();
        double at = Duration.between(begin, Instant.now()).toMillis() / 1e3;
        Instant from;
        Double ready = null;
        switch (kind) {
            case PLATFORM -> {
                platform.killEverything();
                from = Instant.now();
                ready = platform.start().toMillis() / 1e3;
            }
            case FUNCTIONS -> {
                ProcessHandle functions =
                        platform.front()
                                .descendants()
                                .filter(p -> command(p).contains("functions/target/quarkus-app"))
                                .findFirst()
                                .orElseThrow();
                functions.destroyForcibly();
                from = Instant.now();
            }
            case TRIAL -> {
                List<ProcessHandle> running = trialProcesses();
                running.get(random.nextInt(running.size())).destroyForcibly();
                from = Instant.now();
            }
            default -> throw new IllegalStateException();
        }
        double runs = secondsUntil(from, "startedAt");
        double ends = secondsUntil(from, "finishedAt");
        return new Outcome(kind, at, before, ready, runs, ends);
    }

    /** Seconds from {@code from} until some trial's {@code field} is later than it. */
    private double secondsUntil(Instant from, String field) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (JsonNode t : trialList()) {
                    String value = t.path(field).asText(null);
                    if (value != null && Instant.parse(value).isAfter(from)) {
                        return Duration.between(from, Instant.parse(value)).toMillis() / 1e3;
                    }
                }
            } catch (Exception e) {
                // the front is restarting its functions: ask again
            }
            if (ended()) {
                return Double.NaN;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no " + field + " within 5 minutes of a crash");
    }

    private boolean ended() {
        try {
            return platform.get("/api/experiments/" + experiment)
                    .path("status")
                    .asText()
                    .matches("SUCCEEDED|FAILED|CANCELLED");
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode awaitEnd(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = platform.get("/api/experiments/" + experiment);
            if (e.path("status").asText().matches("SUCCEEDED|FAILED|CANCELLED")) {
                return e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("stuck: the experiment did not end within " + limit);
    }

    /** The trainers running trials (java processes whose environment names a trial). */
    private List<ProcessHandle> trialProcesses() {
        return platform.everything().stream()
                .filter(p -> environment(p.pid()).containsKey("KNOBS_TRIAL_ID"))
                .filter(p -> command(p).contains("java"))
                .toList();
    }

    static String command(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    static Map<String, String> environment(long pid) {
        Map<String, String> env = new HashMap<>();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
            for (String e : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                int eq = e.indexOf('=');
                if (eq > 0) {
                    env.put(e.substring(0, eq), e.substring(eq + 1));
                }
            }
        } catch (Exception e) {
            // ended meanwhile
        }
        return env;
    }

    /** Asks the published model for one prediction; answers its status and body. */
    private String modelAnswers(JsonNode end) throws Exception {
        JsonNode model = end.path("model");
        if (model.isMissingNode() || model.path("url").asText("").isEmpty()) {
            return "no model";
        }
        String url =
                model.path("url").asText()
                        + "/v1/models/"
                        + model.path("name").asText()
                        + ":predict";
        String body =
                "{\"instances\": [{\"age\": 40, \"plan\": \"basic\", \"monthly\": 80, \"tenure\": 3}]}";
        HttpResponse<String> r =
                platform.post(url, "application/json", body.getBytes(StandardCharsets.UTF_8));
        return r.statusCode() + " " + r.body();
    }

    private void report(List<Outcome> outcomes, JsonNode end, double wall, Path data)
            throws Exception {
        JsonNode list = trialList();
        Set<Integer> numbers = new HashSet<>();
        int twice = 0;
        int retried = 0;
        int succeeded = 0;
        int failed = 0;
        for (JsonNode t : list) {
            if (!numbers.add(t.path("number").asInt())) {
                twice++;
            }
            retried += t.path("attempt").asInt(1) > 1 ? 1 : 0;
            succeeded += t.path("state").asText().equals("SUCCEEDED") ? 1 : 0;
            failed += t.path("state").asText().equals("FAILED") ? 1 : 0;
        }
        String answer = modelAnswers(end);
        System.out.printf(
                Locale.ROOT,
                "## Crash recovery: %d trials, %d in parallel, %d crashes (embedded platform, %d"
                        + " cores)%n%n",
                trials,
                parallel,
                outcomes.size(),
                Runtime.getRuntime().availableProcessors());
        System.out.println(
                "| # | crash | at | trials finished before | restart → ready | → a trial runs"
                        + " again | → a trial finishes |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        int i = 0;
        for (Outcome o : outcomes) {
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %.1f s | %d | %s | %.1f s | %.1f s |%n",
                    ++i,
                    o.kind().words,
                    o.at(),
                    o.finishedBefore(),
                    o.ready() == null ? "—" : String.format(Locale.ROOT, "%.1f s", o.ready()),
                    o.running(),
                    o.finished());
        }
        Optional<Double> worstPlatform =
                outcomes.stream()
                        .filter(o -> o.kind() == Kind.PLATFORM)
                        .map(Outcome::running)
                        .max(Double::compare);
        Optional<Double> worstPart =
                outcomes.stream()
                        .filter(o -> o.kind() != Kind.PLATFORM)
                        .map(Outcome::running)
                        .max(Double::compare);
        System.out.println();
        System.out.println(
                "| experiment | trials finished | each once | succeeded | failed | run again after"
                        + " a crash | best model answers | wall time |");
        System.out.println("|---|---:|---|---:|---:|---:|---|---:|");
        System.out.printf(
                Locale.ROOT,
                "| %s | %d of %d | %s | %d | %d | %d | %s | %.0f s |%n%n",
                end.path("status").asText(),
                end.path("trials").path("finished").asInt(),
                trials,
                twice == 0 && numbers.size() == trials ? "yes" : "no (" + twice + " twice)",
                succeeded,
                failed,
                retried,
                answer.startsWith("200") ? "yes (HTTP 200)" : answer,
                wall);
        System.out.printf(
                Locale.ROOT,
                "Times are from the restart command (whole platform) or from the kill (a part the"
                        + " platform restarts itself). Longest until a trial ran again: %.1f s after"
                        + " a restart of the whole platform (goal ≤ 30 s), %.1f s after the loss of a"
                        + " part. Log: %s%n",
                worstPlatform.orElse(0.0),
                worstPart.orElse(0.0),
                data.resolve("platform.log"));
        boolean ok =
                end.path("status").asText().equals("SUCCEEDED")
                        && end.path("trials").path("finished").asInt() == trials
                        && twice == 0
                        && failed == 0
                        && answer.startsWith("200");
        if (!ok) {
            throw new IllegalStateException("crash recovery failed its checks; see above");
        }
    }
}
