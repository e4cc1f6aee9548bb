/**
 * Hooks for observing the engine without changing it: {@link io.jvde.sw.observe.SwitchEvents} (state changes,
 * for the event stream and the console's debug output) and {@link io.jvde.sw.observe.FrameTap} (ingress frames,
 * for packet capture). Both run on the event-loop thread.
 */
package io.jvde.sw.observe;
