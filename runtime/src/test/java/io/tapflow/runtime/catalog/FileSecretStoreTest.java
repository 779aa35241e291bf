package io.tapflow.runtime.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets go to a file only its owner reads; connectors get a reference to where their worker reads it. */
class FileSecretStoreTest {

    @Test
    void aSecretIsStoredInTheFileAndReferencedAtTheSamePath(@TempDir Path dir) throws Exception {
        FileSecretStore store = new FileSecretStore(dir.resolve("secrets.properties"));

        String reference = store.put("crm.password", Secret.of("s3cret"));

        assertThat(reference).isEqualTo("${file:" + dir.resolve("secrets.properties") + ":crm.password}");
        assertThat(store.get("crm.password").reveal()).isEqualTo("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.properties"))))
                .isEqualTo("rw-------");
    }

    @Test
    void workersThatMountTheFileElsewhereAreGivenTheirPath(@TempDir Path dir) throws Exception {
        FileSecretStore store = new FileSecretStore(dir.resolve("secrets.properties"),
                Path.of("/etc/tapflow/secrets/secrets.properties"));

        assertThat(store.put("crm.password", Secret.of("s3cret")))
                .isEqualTo("${file:/etc/tapflow/secrets/secrets.properties:crm.password}");
        assertThat(store.get("crm.password").reveal()).isEqualTo("s3cret");
        assertThat(java.nio.file.Files.readString(store.file())).contains("crm.password=s3cret");
    }

    @Test
    void aRelativePathOnTheWorkersIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> new FileSecretStore(dir.resolve("secrets.properties"), Path.of("secrets.properties")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be absolute");
    }
}
