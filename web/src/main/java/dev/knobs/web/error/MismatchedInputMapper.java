package dev.knobs.web.error;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body of the wrong shape (an array where an object belongs, text where a number does): 400 with
 * the field and the problem, instead of the framework's empty answer.
 */
@Provider
public class MismatchedInputMapper implements ExceptionMapper<MismatchedInputException> {
    @Override
    public Response toResponse(MismatchedInputException e) {
        return ApiError.response(400, JsonErrorMapper.describe(e));
    }
}
