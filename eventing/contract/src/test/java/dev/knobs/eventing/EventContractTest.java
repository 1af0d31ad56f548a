package dev.knobs.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventContractTest {

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(EventContractTest.class.getResource("/events").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @org.junit.jupiter.api.Test
    void everyExampleIsNamedForTheReceiversTestsAndEveryTypeHasOne() throws Exception {
        try (Stream<Path> all = fixtures()) {
            assertThat(all.map(p -> p.getFileName().toString().replace(".json", "")))
                    .containsExactlyInAnyOrderElementsOf(GoldenEvents.NAMES);
        }
        assertThat(GoldenEvents.all().values())
                .extracting(CloudEvent::getType)
                .containsAll(
                        java.util.Arrays.stream(EventType.values()).map(EventType::type).toList());
    }

    static CloudEvent readFixture(Path fixture) throws IOException {
        return EventCodec.readHttp(
                Map.of("Content-Type", List.of("application/cloudevents+json")),
                Files.readAllBytes(fixture));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureDataSatisfiesItsSchema(Path fixture) throws IOException {
        CloudEvent ce = readFixture(fixture);
        EventType type = EventType.fromType(ce.getType()).orElseThrow();
        JsonNode schema;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
            schema = Json.MAPPER.readTree(in);
        }
        JsonNode data = Json.MAPPER.readTree(ce.getData().toBytes());
        assertThat(SchemaCheck.violations(schema, data)).isEmpty();
        // what the records write must satisfy the schema too
        JsonNode rewritten = Json.MAPPER.valueToTree(EventCodec.fromCloudEvent(ce).data());
        assertThat(SchemaCheck.violations(schema, rewritten)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void roundTripsInBinaryMode(Path fixture) throws IOException {
        KnobsEvent<?> event = EventCodec.fromCloudEvent(readFixture(fixture));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        byte[] body =
                EventCodec.writeBinary(
                        EventCodec.toCloudEvent(event), (k, v) -> headers.put(k, List.of(v)));
        assertThat(headers).containsKey("ce-id").containsKey("ce-type").containsKey("ce-source");
        assertThat(EventCodec.fromCloudEvent(EventCodec.readHttp(headers, body))).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void roundTripsInStructuredMode(Path fixture) throws IOException {
        KnobsEvent<?> event = EventCodec.fromCloudEvent(readFixture(fixture));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        byte[] body =
                EventCodec.writeStructured(
                        EventCodec.toCloudEvent(event), (k, v) -> headers.put(k, List.of(v)));
        assertThat(headers.get("Content-Type")).containsExactly("application/cloudevents+json");
        assertThat(EventCodec.fromCloudEvent(EventCodec.readHttp(headers, body))).isEqualTo(event);
    }

    @Test
    void everyTypeHasASchemaAndAFixture() throws IOException, URISyntaxException {
        List<String> fixtureTypes = new ArrayList<>();
        for (Path f : fixtures().toList()) {
            fixtureTypes.add(readFixture(f).getType());
        }
        for (EventType type : EventType.values()) {
            assertThat(getClass().getClassLoader().getResource(type.schemaResource()))
                    .as(type.schemaResource())
                    .isNotNull();
            assertThat(fixtureTypes).as("a fixture of " + type.type()).contains(type.type());
            assertThat(type.type()).startsWith("dev.knobs.");
        }
        assertThat(Arrays.stream(EventType.values()).map(EventType::type).distinct().count())
                .isEqualTo(EventType.values().length);
    }

    @Test
    void theReadmeNamesEveryTypeAndNoOther() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (EventType type : EventType.values()) {
            assertThat(readme)
                    .as("README.md names " + type.type())
                    .contains("`" + type.type() + "`");
        }
        java.util.regex.Matcher named =
                java.util.regex.Pattern.compile("`(dev\\.knobs\\.[a-z-]+)`").matcher(readme);
        while (named.find()) {
            assertThat(EventType.fromType(named.group(1)))
                    .as("README.md names " + named.group(1) + ", which is no event type")
                    .isPresent();
        }
    }

    @Test
    void unknownTypeIsRejectedWithItsName() {
        CloudEvent ce =
                io.cloudevents.core.builder.CloudEventBuilder.v1()
                        .withId("1")
                        .withSource(java.net.URI.create("/x"))
                        .withType("dev.knobs.nope")
                        .withData("application/json", "{}".getBytes())
                        .build();
        assertThatThrownBy(() -> EventCodec.fromCloudEvent(ce))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("dev.knobs.nope");
    }

    @Test
    void invalidPayloadIsRejectedWithTheReason() throws Exception {
        Path fixture =
                fixtures()
                        .filter(p -> p.getFileName().toString().equals("trial-progress.json"))
                        .findFirst()
                        .orElseThrow();
        String json = Files.readString(fixture).replaceFirst("\"step\": \\d+", "\"step\": 0");
        CloudEvent ce =
                EventCodec.readHttp(
                        Map.of("content-type", List.of("application/cloudevents+json")),
                        json.getBytes());
        assertThatThrownBy(() -> EventCodec.fromCloudEvent(ce))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("step must be at least 1");
    }

    @Test
    void bodyWithoutCloudEventAttributesIsNotAnEvent() {
        assertThatThrownBy(
                        () ->
                                EventCodec.readHttp(
                                        Map.of("content-type", List.of("application/json")),
                                        "{}".getBytes()))
                .isInstanceOf(EventDecodingException.class);
    }

    @Test
    void signedEventsVerifyAndAnyChangeBreaksTheSignature() throws Exception {
        var signatures =
                new dev.knobs.eventing.trust.EventSignatures(
                        dev.knobs.eventing.trust.PlatformKey.of(
                                java.util.Base64.getEncoder().encodeToString(new byte[32])));
        for (Path f : fixtures().toList()) {
            KnobsEvent<?> event = EventCodec.fromCloudEvent(readFixture(f));
            CloudEvent signed = EventCodec.toCloudEvent(event, signatures);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            byte[] body = EventCodec.writeStructured(signed, (k, v) -> headers.put(k, List.of(v)));
            CloudEvent received = EventCodec.readHttp(headers, body);
            KnobsEvent<?> decoded = EventCodec.fromCloudEvent(received);
            assertThat(signatures.verify(decoded, EventCodec.signature(received)))
                    .as(f.toString())
                    .isTrue();
            KnobsEvent<?> other =
                    new KnobsEvent<>(
                            decoded.id() + "x",
                            decoded.source(),
                            decoded.subject(),
                            decoded.data());
            assertThat(signatures.verify(other, EventCodec.signature(received))).isFalse();
        }
    }
}
