package dev.skiff.auth.store;

/** A management change refused for a reason the caller should see (unknown user, limit reached, ...). */
public final class AuthStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthStoreException(String message) {
        super(message, null, false, false);
    }
}
