package dev.knobs.web;

import static dev.knobs.web.EmbeddedPlatformIT.get;
import static dev.knobs.web.EmbeddedPlatformIT.json;
import static dev.knobs.web.EmbeddedPlatformIT.post;
import static dev.knobs.web.EmbeddedPlatformIT.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.GoldenEvents;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.PlatformKey;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.OnnxModels;
import io.cloudevents.CloudEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged embedded platform as an attacker on the same machine meets it: what listens where
 * (read from {@code /proc}), what each internal listener does with every event type from someone
 * who is not a platform part, what a trial and a model server hold in their environment and what
 * their credentials open, whether PostgreSQL asks for a password, whether an oversized body is
 * refused before it is sent, and whether trials wait for room instead of overloading the machine.
 */
class AttackIT {
    private static final String KEY_FILE = "secrets/platform.key";

    @BeforeAll
    static void startPlatform() throws Exception {
        RunningPlatform.start();
        // a model behind the gateway, for the tests that need one
        json(
                post(
                        "/api/models?name=attack-listen",
                        "application/octet-stream",
                        OnnxModels.linear(new float[] {1, 2}, 0f)),
                202);
        EmbeddedPlatformIT.awaitModelUrl("attack-listen");
    }

    /** PostgreSQL's server process: named in its data folder (it runs detached from the front). */
    static ProcessHandle database() throws IOException {
        Path pid = RunningPlatform.dataDir().resolve("postgres/postmaster.pid");
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip()))
                .orElseThrow();
    }

    // --- /proc ----------------------------------------------------------------------------------

    /** The platform's processes: the front and everything it started, and theirs; PostgreSQL. */
    static List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(RunningPlatform.process());
        RunningPlatform.process().descendants().forEach(all::add);
        try {
            ProcessHandle db = database();
            if (!all.contains(db)) {
                all.add(db);
            }
        } catch (IOException | RuntimeException e) {
            // not started yet
        }
        return all;
    }

    /** Socket inodes a process holds. */
    static Set<Long> sockets(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds.forEach(
                    fd -> {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[")) {
                                inodes.add(
                                        Long.parseLong(target.substring(8, target.length() - 1)));
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    });
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return inodes;
    }

    /** A listening TCP socket: its address (as the kernel prints it) and port. */
    record Listener(String address, int port, long inode) {
        boolean loopback() {
            return address.equals("0100007F") // 127.0.0.1
                    || address.equals("00000000000000000000000001000000") // ::1
                    || address.equals("0000000000000000FFFF00000100007F"); // ::ffff:127.0.0.1
        }
    }

    /** Every listening TCP socket on the machine, by inode. */
    static Map<Long, Listener> listeners() throws IOException {
        Map<Long, Listener> all = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A")) { // LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                long inode = Long.parseLong(f[9]);
                all.put(inode, new Listener(local[0], Integer.parseInt(local[1], 16), inode));
            }
        }
        return all;
    }

    /** What each of the platform's processes listens on, by process. */
    static Map<ProcessHandle, List<Listener>> listening() throws IOException {
        Map<Long, Listener> all = listeners();
        Map<ProcessHandle, List<Listener>> mine = new LinkedHashMap<>();
        for (ProcessHandle p : processes()) {
            List<Listener> held = new ArrayList<>();
            for (long inode : sockets(p.pid())) {
                Optional.ofNullable(all.get(inode)).ifPresent(held::add);
            }
            if (!held.isEmpty()) {
                mine.put(p, held);
            }
        }
        return mine;
    }

    static Map<String, String> environment(long pid) {
        Map<String, String> env = new HashMap<>();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
            for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // ended meanwhile
        }
        return env;
    }

    static String command(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    // --- helpers --------------------------------------------------------------------------------

    /** A custom experiment of sleeping trials (the suite's administrator may run one). */
    static String sleepers(String name, int trials, int parallel, double cpu, double seconds)
            throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("algorithm", "custom");
        spec.put("searchSpace", "x = 0.0 ~ 1.0");
        spec.put(
                "trainer",
                Map.of(
                        "command",
                        String.format(Locale.ROOT, "sleep %s; echo score=$KNOBS_HP_X", seconds)));
        spec.put("objective", Map.of("metric", "score", "goal", "MAXIMIZE"));
        spec.put("budget", Map.of("maxTrials", trials, "parallelTrials", parallel));
        spec.put("resources", Map.of("cpu", cpu, "memoryMb", 128, "deadlineSeconds", 120));
        return json(postJson("/api/experiments", spec), 201).path("id").asText();
    }

    static JsonNode awaitEnd(String id) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () ->
                                json(get("/api/experiments/" + id), 200)
                                        .path("status")
                                        .asText()
                                        .matches("SUCCEEDED|FAILED|CANCELLED"));
        return EmbeddedPlatformIT.unchecked(() -> json(get("/api/experiments/" + id), 200));
    }

    /** The processes of running trials: those whose environment names a trial. */
    static List<ProcessHandle> trialProcesses() {
        return processes().stream()
                .filter(p -> environment(p.pid()).containsKey("KNOBS_TRIAL_ID"))
                .toList();
    }

    /** The trials running now (a trial may be several processes: a shell and its command). */
    static Set<String> runningTrials() {
        Set<String> trials = new HashSet<>();
        for (ProcessHandle p : processes()) {
            Optional.ofNullable(environment(p.pid()).get("KNOBS_TRIAL_ID")).ifPresent(trials::add);
        }
        return trials;
    }

    static int status(String method, URI uri, String bearer, String type, byte[] body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return EmbeddedPlatformIT.HTTP
                    .send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (ConnectException e) {
            return 0; // unreachable
        }
    }

    /** Posts a CloudEvent in the given mode; the status, 0 when nothing listens. */
    static int postEvent(URI uri, CloudEvent ce, boolean structured, String bearer)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        byte[] body =
                structured
                        ? EventCodec.writeStructured(ce, request::header)
                        : EventCodec.writeBinary(ce, request::header);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return EmbeddedPlatformIT.HTTP
                    .send(
                            request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (ConnectException e) {
            return 0;
        }
    }

    static URI local(String part, String path) {
        return URI.create("http://127.0.0.1:" + RunningPlatform.ports().get(part) + path);
    }

    static int experimentCount() throws Exception {
        return json(get("/api/experiments"), 200).size();
    }

    // --- the tests ------------------------------------------------------------------------------

    @Test
    void onlyTheFrontListensBeyondLoopbackAndItsSecretsAreItsUsersAlone() throws Exception {
        // a model server runs behind the gateway
        String url = EmbeddedPlatformIT.awaitModelUrl("attack-listen");
        json(
                postJson(
                        url + "/v2/models/attack-listen/infer",
                        EmbeddedPlatformIT.tensor("x", List.of(1, 2), 1, 1)),
                200);
        Map<ProcessHandle, List<Listener>> listening = listening();
        int front = RunningPlatform.ports().get("front");
        Set<Integer> seen = new HashSet<>();
        boolean database = false;
        boolean modelServer = false;
        for (var e : listening.entrySet()) {
            for (Listener l : e.getValue()) {
                seen.add(l.port());
                if (l.port() == front && e.getKey().pid() == RunningPlatform.process().pid()) {
                    continue; // the front faces the network
                }
                assertThat(l.loopback())
                        .as(command(e.getKey()) + " listens on " + l.address() + ":" + l.port())
                        .isTrue();
                database |= e.getKey().pid() == database().pid();
                modelServer |= environment(e.getKey().pid()).containsKey("KNOBS_MODEL_NAME");
            }
        }
        assertThat(seen)
                .contains(
                        front,
                        RunningPlatform.ports().get("broker"),
                        RunningPlatform.ports().get("functions"),
                        RunningPlatform.ports().get("gateway"));
        assertThat(database).as("PostgreSQL was among them").isTrue();
        assertThat(modelServer).as("no model server listens on a TCP port").isFalse();
        // model servers listen on Unix domain sockets in a folder only the platform's user enters
        List<ProcessHandle> servers =
                RunningPlatform.process()
                        .descendants()
                        .filter(p -> environment(p.pid()).containsKey("KNOBS_MODEL_NAME"))
                        .toList();
        assertThat(servers).as("a model server runs").isNotEmpty();
        for (ProcessHandle server : servers) {
            Path socket = Path.of(environment(server.pid()).get("KNOBS_SOCKET"));
            assertThat(Files.exists(socket)).as(socket.toString()).isTrue();
            assertThat(
                            PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(socket.getParent())))
                    .isEqualTo("rwx------");
        }

        Path data = RunningPlatform.dataDir();
        for (Path secret :
                List.of(data.resolve(KEY_FILE), data.resolve("secrets/database.password"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(data.resolve("secrets"))))
                .isEqualTo("rwx------");
    }

    @Test
    void postgresAsksEveryConnectionForItsPasswordLocalOnesToo() throws Exception {
        ProcessHandle db = database();
        int port =
                listening().getOrDefault(db, List.of()).stream()
                        .mapToInt(Listener::port)
                        .findFirst()
                        .orElseThrow();
        for (String user : List.of("postgres", "knobs", System.getProperty("user.name"))) {
            assertThat(authenticationRequest(port, user))
                    .as("what PostgreSQL asks of " + user)
                    .isEqualTo(10); // SASL (scram-sha-256); 0 would be "trusted"
        }
    }

    /** PostgreSQL's first answer to a startup message: the authentication it asks for. */
    static int authenticationRequest(int port, String user) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            for (String p : List.of("user", user, "database", "knobs")) {
                params.write(p.getBytes(StandardCharsets.UTF_8));
                params.write(0);
            }
            params.write(0);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(8 + params.size());
            out.writeInt(196608); // protocol 3.0
            out.write(params.toByteArray());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int kind = in.readByte();
            int length = in.readInt();
            if (kind != 'R') {
                byte[] rest = in.readNBytes(Math.max(0, length - 4));
                return -new String(rest, StandardCharsets.UTF_8).length() - 1; // an error
            }
            return in.readInt();
        }
    }

    @Test
    void everyEventTypeToEveryInternalListenerFromAStrangerIsRefusedOrUnreachable()
            throws Exception {
        int before = experimentCount();
        Map<String, URI> receivers = new LinkedHashMap<>();
        receivers.put("broker", local("broker", "/"));
        receivers.put("functions", local("functions", "/"));
        receivers.put("gateway", local("gateway", "/models/attack-listen"));
        receivers.put("front events", local("front", "/api/events"));
        receivers.put("front dead letters", local("front", "/api/dead-letters"));
        receivers.put("front trial events", local("front", "/api/trial-events"));
        int cases = 0;
        for (var golden : GoldenEvents.all().entrySet()) {
            for (var receiver : receivers.entrySet()) {
                for (boolean structured : new boolean[] {false, true}) {
                    for (String bearer : new String[] {null, RunningPlatform.TOKEN}) {
                        int status =
                                postEvent(
                                        receiver.getValue(), golden.getValue(), structured, bearer);
                        // a model endpoint is open to everyone by design: it answers an event with
                        // a refusal of what it is not (400, 404, 405)
                        assertThat(status)
                                .as(
                                        golden.getKey()
                                                + " to "
                                                + receiver.getKey()
                                                + (bearer == null ? "" : " with a person's token"))
                                .isIn(0, 400, 401, 403, 404, 405);
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(200);
        assertThat(experimentCount()).isEqualTo(before);
    }

    @Test
    void aTrialAndAModelServerHoldTheirOwnCredentialsOnlyAndThoseOpenNothingElse()
            throws Exception {
        String key = Files.readString(RunningPlatform.dataDir().resolve(KEY_FILE)).strip();
        String dbPassword =
                Files.readString(RunningPlatform.dataDir().resolve("secrets/database.password"))
                        .strip();
        String others =
                json(
                                post(
                                        "/api/datasets?name=not-yours",
                                        "text/csv",
                                        SyntheticData.churnCsv(50, 3).getBytes()),
                                201)
                        .path("id")
                        .asText();
        String id = sleepers("attack-env", 2, 1, 0.5, 6);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !trialProcesses().isEmpty());
        ProcessHandle trial = trialProcesses().get(0);
        Map<String, String> env = environment(trial.pid());
        String credential = env.get("KNOBS_ARTIFACT_TOKEN");
        if (SandboxSupport.available()) {
            // a user's own code in the sandbox holds no credential at all, nor any address
            // (docs/adr/0020); what a trial's credential opens is checked with one made as the
            // platform makes it
            assertThat(env)
                    .doesNotContainKeys(
                            "KNOBS_ARTIFACT_TOKEN",
                            "K_SINK",
                            "KNOBS_DATASET_URL",
                            "KNOBS_MODEL_UPLOAD_URL");
            credential =
                    new Credentials(PlatformKey.of(key))
                            .trial(env.get("KNOBS_TRIAL_ID"), 1, Instant.now().plusSeconds(600));
        }
        assertThat(credential).startsWith("knobs_trial~" + env.get("KNOBS_TRIAL_ID") + "~");
        assertThat(env.values())
                .as("a trial's environment")
                .noneMatch(v -> v.contains(key) || v.contains("knobs_part~"))
                .noneMatch(v -> v.contains(dbPassword));
        assertThat(env).doesNotContainKeys("KNOBS_TRUST_PLATFORM_KEY", "KNOBS_DB_PASSWORD");

        // what the trial's credential opens: its own report, nothing of anyone else's
        assertThat(
                        status(
                                "GET",
                                local("front", "/api/artifacts/datasets/" + others),
                                credential,
                                null,
                                new byte[0]))
                .isEqualTo(403);
        assertThat(
                        status(
                                "PUT",
                                local("front", "/api/artifacts/models/" + id + "-t9"),
                                credential,
                                "application/octet-stream",
                                new byte[] {1}))
                .isEqualTo(403);
        for (String receiver : List.of("broker", "functions")) {
            for (var golden : GoldenEvents.all().entrySet()) {
                assertThat(postEvent(local(receiver, "/"), golden.getValue(), false, credential))
                        .as(golden.getKey() + " to the " + receiver + " with a trial's credential")
                        .isIn(401, 403);
            }
        }
        for (var golden : GoldenEvents.all().entrySet()) {
            assertThat(
                            postEvent(
                                    local("front", "/api/trial-events"),
                                    golden.getValue(),
                                    true,
                                    credential))
                    .as(golden.getKey() + " about another trial")
                    .isIn(400, 403, 409);
        }
        assertThat(status("GET", local("front", "/api/experiments"), credential, null, new byte[0]))
                .as("a trial is nobody's login")
                .isIn(401, 403);
        JsonNode ended = awaitEnd(id);
        assertThat(ended.path("status").asText()).isEqualTo("SUCCEEDED");

        // a model server: its model's credential, never the platform's
        json(
                post(
                        "/api/models?name=attack-env-model",
                        "application/octet-stream",
                        OnnxModels.linear(new float[] {3, 1}, 0f)),
                202);
        String url = EmbeddedPlatformIT.awaitModelUrl("attack-env-model");
        json(
                postJson(
                        url + "/v2/models/attack-env-model/infer",
                        EmbeddedPlatformIT.tensor("x", List.of(1, 2), 1, 1)),
                200);
        ProcessHandle server =
                processes().stream()
                        .filter(
                                p ->
                                        "attack-env-model"
                                                .equals(
                                                        environment(p.pid())
                                                                .get("KNOBS_MODEL_NAME")))
                        .findFirst()
                        .orElseThrow();
        Map<String, String> served = environment(server.pid());
        assertThat(served.get("KNOBS_ARTIFACT_TOKEN")).startsWith("knobs_serve~attack-env-model~");
        assertThat(served.values())
                .noneMatch(
                        v ->
                                v.contains(key)
                                        || v.contains("knobs_part~")
                                        || v.contains(dbPassword));
        assertThat(
                        status(
                                "GET",
                                local("front", "/api/artifacts/datasets/" + others),
                                served.get("KNOBS_ARTIFACT_TOKEN"),
                                null,
                                new byte[0]))
                .isEqualTo(403);
    }

    @Test
    void moreTrialsThanTheMachineHoldsWaitTheirTurn() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        // each trial asks for every core: one at a time, whatever the experiment's parallelism
        String id = sleepers("attack-slots", 3, 3, cores, 1.5);
        AtomicInteger most = new AtomicInteger();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            most.accumulateAndGet(runningTrials().size(), Math::max);
                            return json(get("/api/experiments/" + id), 200)
                                    .path("status")
                                    .asText()
                                    .matches("SUCCEEDED|FAILED|CANCELLED");
                        });
        JsonNode e = awaitEnd(id);
        assertThat(e.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(e.path("trials").path("succeeded").asInt()).isEqualTo(3);
        assertThat(most.get()).as("trials running at once").isEqualTo(1);
        // one that could never fit is refused at submission, with a sentence
        Map<String, Object> tooBig =
                Map.of(
                        "name", "too-big",
                        "algorithm", "custom",
                        "searchSpace", "x = 0.0 ~ 1.0",
                        "trainer", Map.of("command", "echo score=1"),
                        "objective", Map.of("metric", "score", "goal", "MAXIMIZE"),
                        "budget", Map.of("maxTrials", 1, "parallelTrials", 1),
                        "resources", Map.of("cpu", cores + 1, "memoryMb", 128));
        assertThat(json(postJson("/api/experiments", tooBig), 400).path("error").asText())
                .contains("CPUs");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/datasets?name=huge", "300000000");
        cases.put("/api/experiments", "5000000");
        cases.put("/login", "1000000");
        cases.put("/api/trainers?name=huge", "100000000");
        for (var c : cases.entrySet()) {
            assertThat(headersOnly(RunningPlatform.ports().get("front"), c.getKey(), c.getValue()))
                    .as(c.getKey())
                    .startsWith("HTTP/1.1 413");
        }
        assertThat(
                        headersOnly(
                                RunningPlatform.ports().get("gateway"),
                                "/models/attack-listen/v2/models/attack-listen/infer",
                                "40000000"))
                .startsWith("HTTP/1.1 413");
        // the broker asks who is calling before anything else; the functions too, or refuse the
        // size first
        assertThat(headersOnly(RunningPlatform.ports().get("broker"), "/", "40000000"))
                .startsWith("HTTP/1.1 401");
        assertThat(headersOnly(RunningPlatform.ports().get("functions"), "/", "40000000"))
                .matches("HTTP/1.1 (401|413).*");
    }

    /**
     * Sends a request's headers only, announcing a body of {@code length} bytes, and reads the
     * status line: an answer that comes without the body was given before reading it.
     */
    static String headersOnly(int port, String path, String length) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(
                    ("POST "
                                    + path
                                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + RunningPlatform.TOKEN
                                    + "\r\nContent-Type: application/octet-stream\r\n"
                                    + "Content-Length: "
                                    + length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII).strip();
        }
    }
}
