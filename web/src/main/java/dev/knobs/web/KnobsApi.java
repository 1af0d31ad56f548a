package dev.knobs.web;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The API as its description says it: every operation takes a personal API token ({@code
 * Authorization: Bearer knobs_…}, made on the Account screen), so Swagger UI's Authorize button
 * sends it.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Knobs API",
                        version = "1",
                        description =
                                "Upload data, tune hyperparameters, serve the best model. Send a"
                                        + " personal API token as 'Authorization: Bearer <token>'."),
        security = @SecurityRequirement(name = "token"),
        components =
                @Components(
                        securitySchemes =
                                @SecurityScheme(
                                        securitySchemeName = "token",
                                        type = SecuritySchemeType.HTTP,
                                        scheme = "bearer",
                                        description =
                                                "A personal API token from the Account screen")))
public class KnobsApi extends Application {}
