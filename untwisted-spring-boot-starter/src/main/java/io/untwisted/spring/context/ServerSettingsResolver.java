package io.untwisted.spring.context;

import java.util.Collection;

/**
 * Turns a server's declaration into the settings it is bound with; the auto-configuration's
 * implementation applies {@code untwisted.servers.<name>.*} properties and resolves placeholders.
 *
 * <p>Called on the thread that starts the application context.
 */
@FunctionalInterface
public interface ServerSettingsResolver {

    /**
     * The settings of {@code declaration}.
     *
     * @throws IllegalStateException when a value is invalid; the message names the server
     */
    ServerSettings resolve(ServerDeclaration declaration);

    /**
     * Checks the configuration against the declared servers before any is resolved; the default
     * accepts anything.
     *
     * @throws IllegalStateException when the configuration names a server nobody declares
     */
    default void validate(Collection<ServerDeclaration> declarations) {
    }
}
