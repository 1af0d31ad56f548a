package dev.knobs.trainer.train;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fetches datasets and models from, and uploads models to, the platform's artifact API (or file:
 * URLs).
 */
public final class ArtifactClient {
    private final String token;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ArtifactClient(String token) {
        this.token = token;
    }

    public byte[] get(String url) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            return Files.readAllBytes(Path.of(uri));
        }
        HttpResponse<byte[]> response =
                client.send(authorized(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    public void put(String url, byte[] content) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            Files.createDirectories(Path.of(uri).getParent());
            Files.write(Path.of(uri), content);
            return;
        }
        HttpRequest request =
                authorized(uri)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "PUT "
                            + url
                            + " answered HTTP "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
    }

    private HttpRequest.Builder authorized(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }
}
