package dev.knobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through, run as written with bash, curl and jq on a fresh installation of the
 * packaged platform: the block under "## Walk-through" is taken from README.md itself, with only
 * what a reader fills in or has elsewhere put in — their token, and the port this test gave the
 * front instead of 8080. Every command must succeed (bash -e, pipefail, and curl fails on an error
 * answer); then what it printed and saved is checked.
 */
class ReadmeWalkthroughIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theWalkthroughRunsAsWritten() throws Exception {
        for (String tool : List.of("bash", "curl", "jq")) {
            assertThat(onPath(tool))
                    .as(
                            tool
                                    + " is needed to run the README's walk-through (apt-get install "
                                    + tool
                                    + ")")
                    .isTrue();
        }
        String block = walkthrough(Files.readString(ROOT.resolve("README.md")));
        assertThat(block).contains("export KNOBS_TOKEN=knobs_…").contains("localhost:8080");

        Path data = Files.createTempDirectory("knobs-readme");
        RunningPlatform.Started started = RunningPlatform.launchReady(data, Map.of());
        Map<String, Integer> ports = started.ports();
        Process platform = started.process();
        try {
            String script =
                    block.replace(
                                    "export KNOBS_TOKEN=knobs_…",
                                    "export KNOBS_TOKEN=" + RunningPlatform.TOKEN)
                            .replace("localhost:8080", "localhost:" + ports.get("front"));
            Path work = Files.createTempDirectory("knobs-readme-run");
            Files.createSymbolicLink(work.resolve("samples"), ROOT.resolve("samples"));
            Path output = work.resolve("walkthrough.out");
            Process bash =
                    new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
                            .directory(work.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            boolean done = bash.waitFor(6, TimeUnit.MINUTES);
            if (!done) {
                bash.destroyForcibly();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(done).as("the walk-through did not end in 6 minutes:\n" + printed).isTrue();
            assertThat(bash.exitValue()).as(printed).isZero();

            // the model answered, the uploaded ONNX model computed its price, files were saved
            assertThat(printed)
                    .contains("\"predictions\":[{\"label\":")
                    .contains("\"data\":[250.2]")
                    .contains("\"tokenRequired\":true,\"token\":\"knobs_model_")
                    .contains("\"status\":\"EXTENDING\"")
                    .contains("PED-ANOVA");
            assertThat(Files.readString(work.resolve("history.svg"))).startsWith("<svg");
            assertThat(Files.readString(work.resolve("contour.svg"))).startsWith("<svg");
            assertThat(Files.readAllLines(work.resolve("trials.csv")).get(0))
                    .contains("params_learning_rate")
                    .contains("metrics_accuracy");
            assertThat(Files.readString(work.resolve("t3.log"))).contains("accuracy=");
            assertThat(Files.readString(work.resolve("again.json"))).contains("\"maxTrials\":18");
            assertThat(Files.size(work.resolve("price-v2.onnx")))
                    .isEqualTo(Files.size(ROOT.resolve("samples/price.onnx")));
        } finally {
            platform.destroy();
            platform.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The first sh block after the "## Walk-through" heading. */
    static String walkthrough(String readme) {
        int heading = readme.indexOf("\n## Walk-through\n");
        assertThat(heading).as("README.md has a '## Walk-through' section").isNotNegative();
        int start = readme.indexOf("```sh\n", heading) + "```sh\n".length();
        int end = readme.indexOf("\n```\n", start);
        return readme.substring(start, end + 1);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
