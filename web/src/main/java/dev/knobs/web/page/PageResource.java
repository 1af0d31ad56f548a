package dev.knobs.web.page;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The page: new experiment (upload, search space, Start), experiment (live progress, top ten,
 * best), model ("your model is served at …" with curl). One document; the screens are views of it.
 */
@Path("/")
public class PageResource {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(String algorithms);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance index() {
        return Templates.index("xgboost,linear-sgd,factorization-machine");
    }
}
