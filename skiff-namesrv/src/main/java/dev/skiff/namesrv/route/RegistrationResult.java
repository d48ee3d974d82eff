package dev.skiff.namesrv.route;

/**
 * Outcome of a registration. {@code masterAddr}/{@code haServerAddr} are set only for a slave
 * whose master is registered and alive.
 */
public record RegistrationResult(String haServerAddr, String masterAddr) {
    public static final RegistrationResult NO_MASTER = new RegistrationResult(null, null);
}
