package io.crik.wrapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The {@code crik} command line: {@code run -- CMD...}, {@code checkpoint}, {@code inspect}, {@code install}, {@code version}. */
public final class Main {

    static final String USAGE = """
            usage: crik run -- CMD [ARG...]        run CMD as the container's app, restoring its checkpoint if one matches
                   crik checkpoint [-- CMD...]     ask PID 1 to checkpoint; CMD is the user's own preStop hook, run when it does not
                   crik inspect [DIR]              list the checkpoints under DIR (default: CRIK_CHECKPOINT_DIR)
                   crik install DIR                copy the bundle into DIR, such as the pod's bundle volume
                   crik version                    print the versions of crik, CRIU and the Java runtime""";

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IllegalArgumentException e) {
            Log.error("%s", e.getMessage());
            status = 2;
        } catch (IOException | RuntimeException e) {
            Log.error("%s", e.getMessage() == null ? e.toString() : e.getMessage());
            status = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    static int run(String[] args) throws IOException, InterruptedException {
        if (args.length == 0) {
            System.err.println(USAGE);
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "run":
                return new Supervisor(WrapperConfig.from(AppEnvironment.current().asMap()), AppEnvironment.current(),
                        afterDashes(rest, "run")).run();
            case "checkpoint":
                return CheckpointCommand.run(rest);
            case "inspect":
                return Inspector.run(rest.isEmpty()
                        ? WrapperConfig.from(AppEnvironment.current().asMap()).checkpointDir()
                        : Path.of(rest.get(0)), System.out);
            case "install":
                if (rest.size() != 1) {
                    throw new IllegalArgumentException("crik install needs one target directory, such as /crik-install");
                }
                return Installer.install(WrapperConfig.BUNDLE, Path.of(rest.get(0)), System.out);
            case "version":
                return Version.print(System.out);
            case "help":
            case "--help":
                System.out.println(USAGE);
                return 0;
            default:
                throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + USAGE);
        }
    }

    /** Returns the arguments after {@code --}, which must come first and be followed by a command. */
    static List<String> afterDashes(List<String> args, String subcommand) {
        if (args.isEmpty() || !args.get(0).equals("--") || args.size() < 2) {
            throw new IllegalArgumentException("crik " + subcommand + " needs '-- CMD [ARG...]'");
        }
        return List.copyOf(args.subList(1, args.size()));
    }
}
