package net.mwan3.config;

import java.util.Set;

import net.mwan3.model.Family;

/**
 * An mwan3 {@code interface} section.
 *
 * @param id     1-based position among all interface sections, disabled ones included: the table
 *               number, the rule priority offset and the mark value, as in mwan3
 * @param device the device configured for it (option device, the network file, else its own name)
 */
public record InterfaceConfig(String name, int id, boolean enabled, String device, Family family,
                              InitialState initialState, Tracking tracking, Set<FlushAction> flushConntrack) {

    public InterfaceConfig {
        flushConntrack = Set.copyOf(flushConntrack);
    }
}
