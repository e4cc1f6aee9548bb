package io.jvde.sw.engine;

/**
 * The event-loop thread's view of the switch state, handed to commands run through {@link VdeSwitch#call}.
 * Only ever used on the loop thread; console commands (port/, vlan/, hash/) are written against it.
 */
public interface SwitchControl {
}
