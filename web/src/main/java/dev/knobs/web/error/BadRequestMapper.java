package dev.knobs.web.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Input a person can correct — a bad value, a CSV that does not parse — answers 400 with the
 * reason.
 */
@Provider
public class BadRequestMapper implements ExceptionMapper<IllegalArgumentException> {
    @Override
    public Response toResponse(IllegalArgumentException e) {
        return ApiError.response(400, e.getMessage());
    }
}
