package dev.knobs.web.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.knobs.domain.space.SyntaxProblem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every error answer: a sentence a person understands, and for a search space the
 * problems by line and column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, List<SyntaxProblem> problems) {
    public static Response response(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(message, null))
                .build();
    }
}
