package dev.knobs.web.error;

import dev.knobs.domain.space.SearchSpaceSyntaxException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A search space that does not parse answers 400 with every problem at its line and column. */
@Provider
public class SearchSpaceMapper implements ExceptionMapper<SearchSpaceSyntaxException> {
    @Override
    public Response toResponse(SearchSpaceSyntaxException e) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(
                        new ApiError(
                                "the search space does not parse: " + e.getMessage(), e.problems()))
                .build();
    }
}
