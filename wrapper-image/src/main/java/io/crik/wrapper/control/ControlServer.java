package io.crik.wrapper.control;

import io.crik.wrapper.Log;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * PID 1's end of the control channel: a unix socket in the bundle's run directory, which every
 * container of the pod shares, so each container has its own directory. An abstract socket
 * would clash, because the pod's containers share one network namespace.
 */
public final class ControlServer {

    private final ServerSocketChannel server;
    private final Consumer<ControlConnection> requests;

    private ControlServer(ServerSocketChannel server, Consumer<ControlConnection> requests) {
        this.server = server;
        this.requests = requests;
    }

    /** Binds the socket, replacing a stale one, and accepts connections on a daemon thread. */
    public static ControlServer start(Path socket, Consumer<ControlConnection> requests) throws IOException {
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        ControlServer control = new ControlServer(server, requests);
        Thread thread = new Thread(control::accept, "crik-control");
        thread.setDaemon(true);
        thread.start();
        return control;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                        StandardCharsets.UTF_8));
                String request = reader.readLine();
                ControlConnection connection = new ControlConnection(channel, Channels.newOutputStream(channel));
                if (ControlProtocol.CHECKPOINT.equals(request)) {
                    requests.accept(connection);
                } else {
                    connection.finish(ControlProtocol.FAILED, "unknown request '" + request + "'; this wrapper accepts "
                            + ControlProtocol.CHECKPOINT);
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    Log.warn("control socket: accepting a connection failed: %s", e.getMessage());
                }
            }
        }
    }

    /** One client waiting for the result of its request. */
    public static final class ControlConnection implements CheckpointReplies {
        private final SocketChannel channel;
        private final OutputStream out;

        ControlConnection(SocketChannel channel, OutputStream out) {
            this.channel = channel;
            this.out = out;
        }

        /** Sends a progress line; a client that went away is ignored, because the work goes on. */
        @Override
        public void progress(String message) {
            send(ControlProtocol.PROGRESS, message);
        }

        /** Sends the final line; the client stops reading after it. */
        @Override
        public void finish(String status, String message) {
            send(status, message);
        }

        @Override
        public boolean fromClient() {
            return true;
        }

        /** Waits until the client closes its end, so that it has read the result before PID 1 exits. */
        @Override
        public void awaitClose(long timeoutMillis) {
            if (timeoutMillis <= 0) {
                close();
                return;
            }
            Thread waiter = new Thread(() -> {
                try {
                    Channels.newInputStream(channel).transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // closed
                }
            });
            waiter.setDaemon(true);
            waiter.start();
            try {
                waiter.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        }

        private void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // already closed
            }
        }

        private void send(String status, String message) {
            try {
                out.write((status + " " + message + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                Log.debug("control socket: client left before '%s %s': %s", status, message, e.getMessage());
            }
        }
    }
}
