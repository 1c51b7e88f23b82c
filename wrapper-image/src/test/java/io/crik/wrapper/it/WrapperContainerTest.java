package io.crik.wrapper.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that run the wrapper in runc containers: one fixture per test, removed after it. */
abstract class WrapperContainerTest {

    @TempDir
    Path work;

    WrapperFixture fixture;

    @BeforeAll
    static void requireRoot() throws Exception {
        WrapperFixture.requireRoot();
    }

    @BeforeEach
    void createFixture() throws Exception {
        fixture = new WrapperFixture(work);
    }

    @AfterEach
    void closeFixture() throws Exception {
        fixture.close();
    }
}
