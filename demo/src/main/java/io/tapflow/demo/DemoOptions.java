package io.tapflow.demo;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code ./tap demo} was asked to do.
 *
 * @param once make the live changes, show them, and exit (for scripts and CI) instead of running on
 * @param directory where the demo keeps its data (the embedded MariaDB's and the stack's), so a second run resumes
 * @param orders how many orders the sample has (about 100,000 by default)
 * @param mysql a MySQL or MariaDB server of the user's to use instead of the embedded one
 */
record DemoOptions(boolean once, Path directory, int orders, Optional<ExternalMySql> mysql) {

    static final String USAGE = """
            usage: ./tap demo [--once] [--dir DIR] [--orders N] [--mysql HOST:PORT --mysql-user USER]

              --once           make the live changes, show them arriving, and exit (0 when all went well)
              --dir DIR        where the demo keeps its data (default: .tapflow-demo); delete it to start afresh
              --orders N       how many orders the sample database has (default: 100000)
              --mysql H:P      use your MySQL or MariaDB server instead of the embedded one; the sample is
                               loaded into its database ECommerceData. The user needs CREATE, SELECT, INSERT,
                               UPDATE, DELETE on it and the grants change capture needs (see the README);
                               its password is read from the environment variable TAPFLOW_MYSQL_PASSWORD
              --mysql-user U   the user for --mysql (default: tapflow)
            """;

    /**
     * A server of the user's.
     *
     * @param host its host
     * @param port its port
     * @param user the user the demo loads the sample and captures changes as
     * @param password from {@code TAPFLOW_MYSQL_PASSWORD}
     */
    record ExternalMySql(String host, int port, String user, String password) {

        @Override
        public String toString() {
            return user + "@" + host + ":" + port;
        }
    }

    /** {@code --help} was given: print {@link #USAGE} and stop. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(USAGE, null, false, false);
        }
    }

    /**
     * Reads the command line.
     *
     * @throws IllegalArgumentException naming the argument that is wrong, with the usage
     * @throws HelpRequested for {@code --help}
     */
    static DemoOptions parse(String[] args) {
        boolean once = false;
        Path directory = Path.of(".tapflow-demo");
        int orders = 100_000;
        String mysql = null;
        String user = "tapflow";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> throw new HelpRequested();
                case "--once" -> once = true;
                case "--dir" -> directory = Path.of(value(args, ++i, "--dir"));
                case "--orders" -> orders = positive(value(args, ++i, "--orders"));
                case "--mysql" -> mysql = value(args, ++i, "--mysql");
                case "--mysql-user" -> user = value(args, ++i, "--mysql-user");
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        Optional<ExternalMySql> external = mysql == null ? Optional.empty() : Optional.of(external(mysql, user));
        return new DemoOptions(once, directory, orders, external);
    }

    private static ExternalMySql external(String address, String user) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("--mysql '" + address + "' is not HOST:PORT, as in --mysql 127.0.0.1:3306");
        }
        String password = System.getenv("TAPFLOW_MYSQL_PASSWORD");
        if (password == null) {
            throw new IllegalArgumentException("--mysql needs the password of user '" + user + "' in the environment"
                    + " variable TAPFLOW_MYSQL_PASSWORD (it is never written anywhere): export TAPFLOW_MYSQL_PASSWORD=...");
        }
        return new ExternalMySql(address.substring(0, colon), positive(address.substring(colon + 1)), user, password);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }

    private static int positive(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a positive whole number\n" + USAGE);
    }
}
