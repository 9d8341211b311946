package io.untwisted.spring.metrics;

import java.util.List;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.untwisted.net.SuperServer;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.HandlerCall;
import io.untwisted.spring.context.HandlerInstrumentation;
import io.untwisted.spring.context.ServerInstrumentation;
import io.untwisted.spring.context.UntwistedInstrumentation;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Wraps every handler call in a Micrometer {@link Observation} named
 * {@value #OBSERVATION_NAME}, with the low-cardinality key values of the {@code untwisted.handler}
 * timer ({@code server}, {@code event}, {@code handler}, {@code outcome}, {@code exception}).
 * Opt-in ({@code untwisted.observations.enabled}), since it allocates per call.
 *
 * <p>Its instrumentation is called on the threads that run handlers.
 */
public final class ObservationInstrumentation implements UntwistedInstrumentation, Ordered {

    /**
     * The observation's name; distinct from {@code untwisted.handler} so that the timer an
     * observation handler may create never clashes with untwisted's own.
     */
    public static final String OBSERVATION_NAME = "untwisted.handler.call";

    /** Outermost: the observation includes the time of the other instrumentations. */
    public static final int ORDER = 0;

    private final ObservationRegistry registry;

    /** Observes in {@code registry}. */
    public ObservationInstrumentation(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ServerInstrumentation server(String name, SuperServer server, List<HandlerMethodBinding> bindings) {
        ObservationRegistry observations = this.registry;
        return new ServerInstrumentation() {
            @Override
            public HandlerInstrumentation handler(HandlerMethodBinding binding, HandlerInstrumentation next) {
                return new Observed(observations, binding, next);
            }
        };
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static final class Observed implements HandlerInstrumentation {
        private final ObservationRegistry registry;
        private final KeyValues keyValues;
        private final String contextualName;
        private final HandlerInstrumentation next;

        Observed(ObservationRegistry registry, HandlerMethodBinding binding, HandlerInstrumentation next) {
            this.registry = registry;
            this.keyValues = KeyValues.of(UntwistedMeters.TagKeys.SERVER, binding.server(),
                    UntwistedMeters.TagKeys.EVENT, binding.event(), UntwistedMeters.TagKeys.HANDLER, binding.id());
            this.contextualName = binding.id();
            this.next = next;
        }

        @Override
        public <T> @Nullable Object invoke(HandlerCall<T> call, T input) throws Exception {
            Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.registry)
                    .contextualName(this.contextualName)
                    .lowCardinalityKeyValues(this.keyValues)
                    .start();
            try (Observation.Scope scope = observation.openScope()) {
                Object result = this.next.invoke(call, input);
                observation.lowCardinalityKeyValue(UntwistedMeters.TagKeys.OUTCOME, "success")
                        .lowCardinalityKeyValue(UntwistedMeters.TagKeys.EXCEPTION, "none");
                return result;
            }
            catch (Exception | Error ex) {
                observation.lowCardinalityKeyValue(UntwistedMeters.TagKeys.OUTCOME, "error")
                        .lowCardinalityKeyValue(UntwistedMeters.TagKeys.EXCEPTION, ex.getClass().getSimpleName());
                observation.error(ex);
                throw ex;
            }
            finally {
                observation.stop();
            }
        }

        @Override
        public void blocked(java.time.Duration blockedFor) {
            this.next.blocked(blockedFor);
        }
    }
}
