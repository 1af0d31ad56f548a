package dev.knobs.functions.trust;

import dev.knobs.eventing.EventType;
import dev.knobs.eventing.trust.EventSignatures;
import io.quarkus.funqy.knative.events.CloudEvent;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Checks, before a function runs, that the Knobs event it was given carries the platform's
 * signature over its identity and payload — whatever carried it (the embedded broker, a Knative
 * Broker, Kafka). Events of other types (a Knative ApiServerSource's, the PingSource's clock) carry
 * no authority: their functions read what they need from the cluster.
 */
@Authentic
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class AuthenticEvents {
    @Inject EventSignatures signatures;

    @AroundInvoke
    Object check(InvocationContext call) throws Exception {
        for (Object parameter : call.getParameters()) {
            if (parameter instanceof CloudEvent<?> event) {
                require(event, call.getParameters()[0]);
            }
        }
        return call.proceed();
    }

    private void require(CloudEvent<?> event, Object payload) {
        if (EventType.fromType(event.type()).isEmpty()) {
            return;
        }
        String signature =
                event.extensions() == null
                        ? null
                        : event.extensions().get(EventSignatures.EXTENSION);
        if (!signatures.verify(
                event.id(), event.source(), event.type(), event.subject(), payload, signature)) {
            throw new RefusedEvent(
                    event.type()
                            + " event "
                            + event.id()
                            + " does not carry the platform's signature: refused");
        }
    }

    /** An event the platform did not emit: 403, and the broker does not retry it. */
    public static final class RefusedEvent extends RuntimeException {
        public RefusedEvent(String message) {
            super(message);
        }
    }
}
