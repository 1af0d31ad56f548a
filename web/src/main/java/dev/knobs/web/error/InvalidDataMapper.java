package dev.knobs.web.error;

import dev.knobs.formats.InvalidDataException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A dataset that cannot be used answers 400 with the reason, naming the row or column. */
@Provider
public class InvalidDataMapper implements ExceptionMapper<InvalidDataException> {
    @Override
    public Response toResponse(InvalidDataException e) {
        return ApiError.response(400, e.getMessage());
    }
}
