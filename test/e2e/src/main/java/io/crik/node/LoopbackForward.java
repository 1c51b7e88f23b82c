package io.crik.node;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a port on the host's loopback interface reachable on a pod's own loopback interface, as
 * kube-proxy makes a Service reachable from every pod. A short-lived thread enters the pod's
 * network namespace with {@code setns(2)}, creates the listening socket there and leaves again.
 * The socket stays in the pod's namespace, while the connections it accepts are relayed from the
 * host's namespace to the host port. Both ends are loopback addresses, so no traffic leaves the
 * machine.
 */
final class LoopbackForward implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoopbackForward.class);
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int BUFFER_BYTES = 16 * 1024;

    /** The few libc calls needed to switch one thread's network namespace. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final ServerSocketChannel listener;
    private final int podPort;
    private final InetSocketAddress target;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private LoopbackForward(ServerSocketChannel listener, int podPort, InetSocketAddress target) {
        this.listener = listener;
        this.podPort = podPort;
        this.target = target;
    }

    /**
     * Listens on 127.0.0.1:{@code podPort} inside the network namespace pinned at
     * {@code networkNamespace} and relays each connection to 127.0.0.1:{@code hostPort} on the host.
     */
    static LoopbackForward open(Path networkNamespace, int podPort, int hostPort) {
        ServerSocketChannel listener = listenInside(networkNamespace, podPort);
        LoopbackForward forward = new LoopbackForward(listener, podPort,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort));
        Thread acceptor = new Thread(forward::acceptLoop, "forward-" + podPort + "-" + networkNamespace.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
        return forward;
    }

    /**
     * Creates the listening socket on a new thread that enters the namespace. The thread ends
     * afterwards, so even when switching back fails, no other code runs in the pod's namespace.
     */
    private static ServerSocketChannel listenInside(Path networkNamespace, int podPort) {
        CompletableFuture<ServerSocketChannel> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(bindInNamespace(networkNamespace, podPort));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "listen-" + podPort + "-" + networkNamespace.getFileName());
        thread.start();
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on 127.0.0.1:" + podPort + " in network namespace "
                        + networkNamespace, io);
            }
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + podPort + " in network namespace "
                    + networkNamespace + ": " + cause, cause);
        }
    }

    private static ServerSocketChannel bindInNamespace(Path networkNamespace, int podPort) throws IOException {
        LibC libc = LibC.INSTANCE;
        int hostNamespace = libc.open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        try {
            int podNamespace = libc.open(networkNamespace.toString(), O_RDONLY | O_CLOEXEC);
            try {
                libc.setns(podNamespace, CLONE_NEWNET);
            } finally {
                libc.close(podNamespace);
            }
            try {
                // socket(2) takes the calling thread's network namespace, and the socket keeps it.
                ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
                try {
                    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), podPort));
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                return channel;
            } finally {
                libc.setns(hostNamespace, CLONE_NEWNET);
            }
        } finally {
            libc.close(hostNamespace);
        }
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel accepted = listener.accept();
                relay(accepted.socket());
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("forward of pod port {}: accepting a connection failed: {}", podPort, e.toString());
            }
        }
    }

    private void relay(Socket podSide) {
        Socket hostSide = new Socket();
        try {
            hostSide.connect(target, 5000);
        } catch (IOException e) {
            log.warn("forward of pod port {}: cannot connect to {}: {}; closing the pod's connection", podPort, target,
                    e.toString());
            closeQuietly(podSide);
            closeQuietly(hostSide);
            return;
        }
        connections.add(podSide);
        connections.add(hostSide);
        AtomicInteger openDirections = new AtomicInteger(2);
        startCopy(podSide, hostSide, openDirections);
        startCopy(hostSide, podSide, openDirections);
    }

    /**
     * Copies one direction until its end and half-closes the receiving socket; the second
     * direction to end closes both sockets.
     */
    private void startCopy(Socket from, Socket to, AtomicInteger openDirections) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                openDirections.set(1);
            }
            if (openDirections.decrementAndGet() == 0) {
                closeQuietly(from);
                closeQuietly(to);
                connections.remove(from);
                connections.remove(to);
            }
        }, "relay-" + podPort);
        copier.setDaemon(true);
        copier.start();
    }

    int podPort() {
        return podPort;
    }

    /** Closes the listening socket and every relayed connection, which releases the pod's namespace. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            log.warn("forward of pod port {}: closing the listening socket failed: {}", podPort, e.toString());
        }
        for (Socket socket : connections) {
            closeQuietly(socket);
        }
        connections.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed or reset; nothing is left to release.
        }
    }
}
