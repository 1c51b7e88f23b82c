package io.crik.wrapper.posix;

import com.sun.jna.Memory;
import java.util.Collection;

/** A native {@code sigset_t}. */
final class SignalSet {

    final Memory memory = new Memory(LibC.SIGSET_SIZE);

    static SignalSet empty() {
        SignalSet set = new SignalSet();
        LibC.INSTANCE.sigemptyset(set.memory);
        return set;
    }

    static SignalSet full() {
        SignalSet set = new SignalSet();
        LibC.INSTANCE.sigfillset(set.memory);
        return set;
    }

    static SignalSet of(Collection<Integer> signals) {
        SignalSet set = empty();
        for (int signal : signals) {
            LibC.INSTANCE.sigaddset(set.memory, signal);
        }
        return set;
    }

    boolean contains(int signal) {
        return LibC.INSTANCE.sigismember(memory, signal) == 1;
    }
}
