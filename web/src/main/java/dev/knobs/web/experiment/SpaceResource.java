package dev.knobs.web.experiment;

import dev.knobs.domain.space.ParsedSpace;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.domain.space.Vocabularies;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.SearchSpace;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Checks a search space as typed, for the page's validate-as-you-type and for API clients. */
@Path("/api/search-space")
@Tag(name = "search space", description = "The hyperparameter language")
public class SpaceResource {
    /** The parsed space in JSON form with a readable line per parameter. */
    public record Parsed(
            SearchSpace space,
            List<String> summary,
            String searchAlgorithm,
            EarlyStopping.Rule earlyStopping,
            List<Objective> objectives) {}

    @POST
    @Path("/parse")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Parse the free-text search space",
            description =
                    "With ?algorithm= (a built-in algorithm, or custom) the names people say"
                            + " (learning rate, 학습률, max depth, 트리 깊이 …) resolve to the"
                            + " algorithm's, and other names are refused with the nearest; without"
                            + " it every built-in alias resolves. 400 lists every problem with its"
                            + " line and column; a sentence with two readings is refused with both.")
    public Parsed parse(String text, @QueryParam("algorithm") String algorithm) {
        ParsedSpace parsed =
                SearchSpaceParser.parseWithSettings(text, Vocabularies.forAlgorithm(algorithm));
        return new Parsed(
                parsed.space(),
                parsed.describe(),
                parsed.searchAlgorithm(),
                parsed.earlyStopping(),
                parsed.objectives());
    }
}
