package dev.knobs.web.error;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 403 with what the signed-in user may not do (for example, a user's call of an admin route). */
@Provider
public class ForbiddenMapper implements ExceptionMapper<ForbiddenException> {
    @Override
    public Response toResponse(ForbiddenException e) {
        String why = e.getMessage();
        return ApiError.response(
                403, why == null || why.isBlank() ? "this needs an administrator's login" : why);
    }
}
