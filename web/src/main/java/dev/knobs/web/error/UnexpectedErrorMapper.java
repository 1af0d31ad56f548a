package dev.knobs.web.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Anything else: JAX-RS errors keep their status with a JSON message; an unexpected failure is
 * logged with an id and answers 500 with that id, never a stack trace.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    /** A multipart body the parser gave up on: the client's fault, not ours. */
    private static boolean unreadableForm(Exception e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().contains(".multipart.")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Response toResponse(Exception e) {
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String message =
                    status == 413
                            ? "the upload is too large"
                            : status == 415
                                    ? "unsupported content type: " + e.getMessage()
                                    : status == 400 ? JsonErrorMapper.describe(e) : e.getMessage();
            return ApiError.response(status, message);
        }
        if (e instanceof java.io.IOException && unreadableForm(e)) {
            return ApiError.response(
                    400,
                    "the form could not be read: its multipart body is cut short or malformed;"
                            + " send the whole file again");
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "unexpected error %s", id);
        return ApiError.response(
                500,
                "something went wrong on our side (error id "
                        + id
                        + "); nothing you sent was lost");
    }
}
