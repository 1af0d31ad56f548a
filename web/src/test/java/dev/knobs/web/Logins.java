package dev.knobs.web;

import static io.restassured.RestAssured.given;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logging in as a browser and as a script does, for tests: the login form (a session cookie and its
 * CSRF token) and personal API tokens made with that login. Users other than the first
 * administrator are made by the administrator through the API.
 */
public final class Logins {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Logins() {}

    /** A page login: the cookie the browser keeps and the CSRF token the page sends. */
    public record Session(String cookie, String csrf) {
        /** Requests as the page makes them: the cookie, and the CSRF header for changes. */
        public RequestSpecification spec() {
            return new RequestSpecBuilder()
                    .addCookie("knobs_session", cookie)
                    .addHeader("X-CSRF-Token", csrf)
                    .build();
        }
    }

    /** The login form filled in as a browser sends it (redirects not followed), ready to post. */
    public static RequestSpecification loginForm(String username, String password) {
        return given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("username", username)
                .formParam("password", password);
    }

    public static Session login(String username, String password) {
        String cookie =
                loginForm(username, password)
                        .post("/login")
                        .then()
                        .statusCode(303)
                        .extract()
                        .cookie("knobs_session");
        String csrf =
                given().cookie("knobs_session", cookie)
                        .get("/api/account")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("csrfToken");
        return new Session(cookie, csrf);
    }

    public static String password(String username) {
        return ADMIN.equals(username) ? ADMIN_PASSWORD : "password-of-" + username;
    }

    /** An API token of {@code username}, made (with the user, by the admin) on first use. */
    public static String token(String username) {
        String known = TOKENS.get(username);
        if (known != null) {
            return known;
        }
        if (!ADMIN.equals(username)) {
            int status =
                    given().spec(bearer(token(ADMIN)))
                            .contentType(ContentType.JSON)
                            .body(Map.of("username", username, "password", password(username)))
                            .post("/api/users")
                            .statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException("could not make user " + username + ": " + status);
            }
        }
        String made =
                given().spec(login(username, password(username)).spec())
                        .contentType(ContentType.JSON)
                        .body(Map.of("name", "tests"))
                        .post("/api/tokens")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("token");
        TOKENS.put(username, made);
        return made;
    }

    /**
     * The live stream of an experiment as {@code username} opens it (HTTP/1.1, as a browser's
     * EventSource): its lines as they come.
     */
    public static java.net.http.HttpResponse<java.util.stream.Stream<String>> live(
            java.net.URL base, String experimentId, String username) {
        return stream(base, "api/experiments/" + experimentId + "/live", username);
    }

    /** A server-sent event stream at {@code path} as {@code username} opens it: its lines. */
    public static java.net.http.HttpResponse<java.util.stream.Stream<String>> stream(
            java.net.URL base, String path, String username) {
        try {
            return java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            java.net.http.HttpRequest.newBuilder(base.toURI().resolve(path))
                                    .header("Authorization", "Bearer " + token(username))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofLines());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RequestSpecification bearer(String token) {
        return new RequestSpecBuilder().addHeader("Authorization", "Bearer " + token).build();
    }

    /** Requests as {@code username}'s script makes them. */
    public static RequestSpecification as(String username) {
        return bearer(token(username));
    }
}
