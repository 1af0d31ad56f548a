package dev.knobs.functions.cluster;

import dev.knobs.eventing.EventCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a cluster would do, against the fabric8 mock API server: a kubelet that runs each trial
 * Job's trainer as a local process with the Job's environment and then records the pod and the
 * Job's status (or, for Jobs the test marks, kills the pod as OOMKilled), an ApiServerSource that
 * sends each Job change to the broker, and a Knative controller that makes each model Service's
 * latest Revision ready with a URL.
 */
final class ClusterStandIns implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final Path trainerHome;
    private final URI broker;
    private final String sourceCredential;
    private final Predicate<Job> oomKilled;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, String> revisions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newScheduledThreadPool(4);
    private final HttpClient http = HttpClient.newHttpClient();

    ClusterStandIns(
            KubernetesClient client,
            String namespace,
            Path trainerHome,
            URI broker,
            String sourceCredential,
            Predicate<Job> oomKilled) {
        this.client = client;
        this.namespace = namespace;
        this.trainerHome = trainerHome;
        this.broker = broker;
        this.sourceCredential = sourceCredential;
        this.oomKilled = oomKilled;
        // what an earlier test left in the mock server is not ours to run
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .list()
                .getItems()
                .forEach(j -> seen.add(j.getMetadata().getName()));
        loop.scheduleWithFixedDelay(this::kubelet, 100, 200, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::knativeController, 100, 200, TimeUnit.MILLISECONDS);
    }

    /**
     * The stand-ins around this test's platform ({@code PlatformResource}): the packaged trainer,
     * the embedded broker, and the ApiServerSource admitted as the platform's own source.
     */
    static ClusterStandIns forPlatform(KubernetesClient client, Predicate<Job> oomKilled) {
        return new ClusterStandIns(
                client,
                ClusterProfile.NAMESPACE,
                Path.of("..", "trainer-image", "target", "trainer").toAbsolutePath().normalize(),
                dev.knobs.functions.PlatformResource.broker.uri(),
                dev.knobs.functions.PlatformResource.CREDENTIALS.part(
                        dev.knobs.eventing.trust.Credentials.Part.WEB),
                oomKilled);
    }

    private void kubelet() {
        for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
            if (seen.add(job.getMetadata().getName())) {
                loop.execute(() -> run(job));
            }
        }
    }

    private void run(Job job) {
        try {
            if (oomKilled.test(job)) {
                finish(job, 137, "OOMKilled");
                return;
            }
            List<String> command =
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-jar",
                            trainerHome.resolve("knobs-trainer.jar").toString(),
                            "train");
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            for (EnvVar e : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                builder.environment()
                        .put(e.getName(), e.getValueFrom() != null ? secret(e) : e.getValue());
            }
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            int exit = builder.start().waitFor();
            finish(job, exit, exit == 0 ? "Completed" : "Error");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the kubelet puts in a variable taken from a Secret: the Secret's value, decoded. */
    private String secret(EnvVar e) {
        var ref = e.getValueFrom().getSecretKeyRef();
        // like a kubelet, wait for a Secret made just after its Job
        Secret secret = null;
        for (int i = 0; i < 100 && secret == null; i++) {
            secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
            if (secret == null) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (secret == null) {
            throw new IllegalStateException("no Secret " + ref.getName() + " for " + e.getName());
        }
        String value =
                secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())
                        ? secret.getStringData().get(ref.getKey())
                        : new String(
                                Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                                StandardCharsets.UTF_8);
        return value;
    }

    private void finish(Job job, int exit, String reason) throws IOException, InterruptedException {
        String name = job.getMetadata().getName();
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name + "-x7k2p")
                        .withNamespace(namespace)
                        .addToLabels("job-name", name)
                        .endMetadata()
                        .withNewStatus()
                        .withPhase(exit == 0 ? "Succeeded" : "Failed")
                        .withContainerStatuses(
                                new ContainerStatusBuilder()
                                        .withName("trial")
                                        .withNewState()
                                        .withNewTerminated()
                                        .withExitCode(exit)
                                        .withReason(reason)
                                        .endTerminated()
                                        .endState()
                                        .build())
                        .endStatus()
                        .build();
        client.pods().inNamespace(namespace).resource(pod).create();
        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        current.setStatus(
                new JobStatusBuilder()
                        .withSucceeded(exit == 0 ? 1 : 0)
                        .withFailed(exit == 0 ? 0 : 1)
                        .withConditions(
                                new JobConditionBuilder()
                                        .withType(exit == 0 ? "Complete" : "Failed")
                                        .withStatus("True")
                                        .withReason(exit == 0 ? null : "BackoffLimitExceeded")
                                        .build())
                        .build());
        Job updated =
                client.batch().v1().jobs().inNamespace(namespace).resource(current).updateStatus();
        apiServerSource(updated);
    }

    /** What Knative's ApiServerSource (Resource mode) sends for a changed Job. */
    private void apiServerSource(Job job) throws IOException, InterruptedException {
        CloudEvent event =
                CloudEventBuilder.v1()
                        .withId(
                                job.getMetadata().getUid()
                                        + "/"
                                        + job.getMetadata().getResourceVersion())
                        .withSource(URI.create("https://kubernetes.default.svc"))
                        .withType("dev.knative.apiserver.resource.update")
                        .withSubject(
                                "/apis/batch/v1/namespaces/"
                                        + namespace
                                        + "/jobs/"
                                        + job.getMetadata().getName())
                        .withData(
                                "application/json",
                                Serialization.asJson(job).getBytes(StandardCharsets.UTF_8))
                        .build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(broker)
                        .header("Authorization", "Bearer " + sourceCredential);
        byte[] body = EventCodec.writeBinary(event, request::header);
        http.send(
                request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Knative's controller, as far as Knobs looks: the template's Revision becomes the latest
     * created and ready one, and the traffic block is reported with a URL per tag.
     */
    private void knativeController() {
        KnativeClient knative = client.adapt(KnativeClient.class);
        for (Service s : knative.services().inNamespace(namespace).list().getItems()) {
            String name = s.getMetadata().getName();
            var template = s.getSpec().getTemplate();
            String revision =
                    template == null || template.getMetadata() == null
                            ? null
                            : template.getMetadata().getName();
            String seen = revision + "|" + s.getSpec().getTraffic();
            if (revision == null || seen.equals(revisions.get(name))) {
                continue;
            }
            revisions.put(name, seen);
            List<io.fabric8.knative.serving.v1.TrafficTarget> traffic = new ArrayList<>();
            for (var t : s.getSpec().getTraffic()) {
                traffic.add(
                        new io.fabric8.knative.serving.v1.TrafficTargetBuilder(t)
                                .withUrl(
                                        t.getTag() == null
                                                ? null
                                                : "http://"
                                                        + t.getTag()
                                                        + "-"
                                                        + name
                                                        + "."
                                                        + namespace
                                                        + ".example.com")
                                .build());
            }
            s.setStatus(
                    new io.fabric8.knative.serving.v1.ServiceStatusBuilder()
                            .withUrl("http://" + name + "." + namespace + ".example.com")
                            .withLatestCreatedRevisionName(revision)
                            .withLatestReadyRevisionName(revision)
                            .withTraffic(traffic)
                            .addNewCondition()
                            .withType("Ready")
                            .withStatus("True")
                            .endCondition()
                            .build());
            knative.services().inNamespace(namespace).resource(s).updateStatus();
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
