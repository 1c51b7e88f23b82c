package io.crik.wrapper.control;

/**
 * Where PID 1 sends the progress and the result of one checkpoint request: the waiting
 * {@code crik checkpoint} client, or nobody when SIGTERM made the request.
 */
public interface CheckpointReplies {

    /** Replies for a request made by SIGTERM, which has no client to tell. */
    CheckpointReplies NONE = new CheckpointReplies() {
        @Override
        public void progress(String message) {
        }

        @Override
        public void finish(String status, String message) {
        }

        @Override
        public void awaitClose(long timeoutMillis) {
        }

        @Override
        public boolean fromClient() {
            return false;
        }
    };

    /** Sends a progress line. */
    void progress(String message);

    /** Sends the final line; its status is one of {@link ControlProtocol}'s results. */
    void finish(String status, String message);

    /** Waits until the client closed its end or the timeout passed, then closes the connection; 0 closes at once. */
    void awaitClose(long timeoutMillis);

    /** Returns whether a {@code crik checkpoint} client made the request. */
    boolean fromClient();
}
