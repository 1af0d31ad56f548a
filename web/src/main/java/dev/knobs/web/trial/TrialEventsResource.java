package dev.knobs.web.trial;

import dev.knobs.domain.experiment.Trial;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.emit.EventEmitter;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.TrialReports;
import dev.knobs.web.Worker;
import dev.knobs.web.account.Machines;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.error.ApiError;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where trials report ({@code K_SINK} of every trial, on one machine and on a cluster): a trial
 * presents its own credential and may send {@code trial-progress} and {@code trial-finished} about
 * itself only, while its attempt runs. The front passes each report on to the broker under the
 * platform's signature, with the id of the trial's attempt (so a report of an earlier attempt, or
 * one sent twice, counts once), and a model only where that trial may have written one.
 */
@Path("/api/trial-events")
@Tag(name = "trials", description = "Reports of running trials (their own credentials only)")
public class TrialEventsResource {
    @Inject SecurityIdentity identity;
    @Inject EventEmitter emitter;
    @Inject Worker worker;
    @Inject WebConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "A running trial reports its progress or its end (CloudEvents, either mode)")
    public Uni<Response> report(@Context HttpHeaders headers, byte[] body) {
        Credentials.TrialClaim claim = identity.getAttribute(Machines.TRIAL_CLAIM);
        if (claim == null) {
            return answer(403, "only a trial reports here, with its own credential");
        }
        KnobsEvent<?> event;
        try {
            event =
                    EventCodec.fromCloudEvent(
                            EventCodec.readHttp(
                                    headers.getRequestHeaders(),
                                    body == null ? new byte[0] : body));
        } catch (EventDecodingException e) {
            return answer(400, e.getMessage());
        }
        String refusal = TrialReports.refusal(event, claim, modelUrl(claim.trialId()));
        if (refusal != null) {
            return answer(403, refusal);
        }
        return Panache.withSession(
                        () -> Panache.getSession().chain(s -> s.find(Trial.class, claim.trialId())))
                .flatMap(
                        t ->
                                t == null || t.state.finished() || t.attempt != claim.attempt()
                                        ? answer(409, notRunning(claim))
                                        : pass(
                                                TrialReports.forAttempt(
                                                        event, claim, t.experimentId)));
    }

    private static String notRunning(Credentials.TrialClaim claim) {
        return "trial "
                + claim.trialId()
                + " (attempt "
                + claim.attempt()
                + ") is not running; its report changes nothing";
    }

    /** Emits the trial's report as the platform vouches for it. */
    private Uni<Response> pass(KnobsEvent<?> report) {
        return worker.call(
                () -> {
                    emitter.emit(report);
                    return Response.accepted().build();
                });
    }

    private String modelUrl(String trialId) {
        return config.publicUrl().resolve("/api/artifacts/models/" + trialId).toString();
    }

    private static Uni<Response> answer(int status, String message) {
        return Uni.createFrom().item(ApiError.response(status, message));
    }
}
