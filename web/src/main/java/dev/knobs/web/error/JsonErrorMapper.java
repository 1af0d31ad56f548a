package dev.knobs.web.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/** A request body that is not the JSON expected answers 400 naming the field and the problem. */
@Provider
public class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        return ApiError.response(400, describe(e));
    }

    /**
     * The most useful sentence in a failure's causes: a value's own check, else Jackson's message
     * with the field path.
     */
    static String describe(Throwable e) {
        JsonProcessingException json = null;
        Throwable root = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException j && json == null) {
                json = j;
            }
            root = c;
            if (c.getCause() == c) {
                break;
            }
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null) {
            return "the request is invalid: " + root.getMessage();
        }
        if (json == null) {
            String message = e.getMessage();
            return message == null || message.isBlank() || message.startsWith("HTTP 400")
                    ? "the request body is not what this call takes: see its description at"
                            + " /q/swagger-ui"
                    : message;
        }
        String where =
                json instanceof JsonMappingException m && !m.getPath().isEmpty()
                        ? " (at "
                                + m.getPath().stream()
                                        .map(
                                                r ->
                                                        r.getFieldName() != null
                                                                ? r.getFieldName()
                                                                : "[" + r.getIndex() + "]")
                                        .collect(Collectors.joining("."))
                                + ")"
                        : "";
        return "the request body is not valid JSON for this call: "
                + json.getOriginalMessage()
                + where;
    }
}
