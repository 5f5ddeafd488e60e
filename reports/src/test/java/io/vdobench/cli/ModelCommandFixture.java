package io.vdobench.cli;

import java.nio.file.Path;

/** A synthetic run directory after {@code vdobench model}, for tests outside this package. */
public final class ModelCommandFixture {
    private ModelCommandFixture() {
    }

    public static Path modelledRun(Path dir) throws Exception {
        ModelCommandTest.run(dir);
        BadInputTest.Result r = BadInputTest.run(new String[] {"model", dir.toString()});
        if (r.exit() != 0) {
            throw new IllegalStateException(r.err());
        }
        return dir;
    }
}
