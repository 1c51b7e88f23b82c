package io.crik.wrapper.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code crik checkpoint}'s end of the control channel. */
public final class ControlClient {

    private ControlClient() {
    }

    /**
     * Asks PID 1 to checkpoint, prints every line it sends, and returns the result word.
     *
     * @throws IOException when PID 1 cannot be reached or hangs up without a result
     */
    public static String checkpoint(Path socket, PrintStream out) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(channel).write((ControlProtocol.CHECKPOINT + "\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                out.println("crik: " + line);
                out.flush();
                String word = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
                if (!word.equals(ControlProtocol.PROGRESS)) {
                    return word;
                }
            }
        }
        throw new IOException("the wrapper closed the control channel without a result; see the container log");
    }
}
