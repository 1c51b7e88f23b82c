package io.crik.wrapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code crik version}: the versions of crik, of the bundle's CRIU and of its Java runtime. */
final class Version {

    private Version() {
    }

    static int print(PrintStream out) throws IOException {
        String crik = Main.class.getPackage().getImplementationVersion();
        out.println("crik " + (crik == null ? "development build" : crik));
        Path info = WrapperConfig.BUNDLE.resolve("BUILD-INFO");
        if (Files.exists(info)) {
            for (String line : Files.readAllLines(info)) {
                out.println("bundle " + line);
            }
        }
        out.println("java " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.info") + ")");
        return 0;
    }
}
