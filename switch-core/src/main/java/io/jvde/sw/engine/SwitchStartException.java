package io.jvde.sw.engine;

/** The switch could not start (directory, ctl socket, another switch answering, tap setup); the message says why. */
public final class SwitchStartException extends Exception {
    private final boolean addressInUse;

    public SwitchStartException(final String message, final boolean addressInUse) {
        super(message);
        this.addressInUse = addressInUse;
    }

    /** True when another live switch answers on {@code ctl}. */
    public boolean addressInUse() {
        return addressInUse;
    }
}
