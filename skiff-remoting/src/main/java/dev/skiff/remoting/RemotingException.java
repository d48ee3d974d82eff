package dev.skiff.remoting;

/** An RPC failed in the transport: no connection, the write failed, or no answer in time. */
public class RemotingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String remoteAddress;

    public RemotingException(String remoteAddress, String message, Throwable cause) {
        super(message + (remoteAddress == null ? "" : " [" + remoteAddress + "]"), cause);
        this.remoteAddress = remoteAddress;
    }

    /** The peer involved, or {@code null}. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** No connection could be made. */
    public static final class ConnectException extends RemotingException {
        private static final long serialVersionUID = 1L;

        public ConnectException(String remoteAddress, Throwable cause) {
            super(remoteAddress, "cannot connect", cause);
        }
    }

    /** The request could not be written. */
    public static final class SendException extends RemotingException {
        private static final long serialVersionUID = 1L;

        public SendException(String remoteAddress, Throwable cause) {
            super(remoteAddress, "send failed", cause);
        }
    }

    /** No response came within the timeout. */
    public static final class TimeoutException extends RemotingException {
        private static final long serialVersionUID = 1L;

        public TimeoutException(String remoteAddress, long timeoutMs) {
            super(remoteAddress, "no response within " + timeoutMs + " ms", null);
        }
    }
}
