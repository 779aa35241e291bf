package io.tapflow.runtime.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 for the servers the embedded stack starts. */
public final class LoopbackPorts {

    /** The address every embedded server binds to. */
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * {@code saved} when it is a port that is free now (so a restarted server keeps its address), else a
     * new free port.
     *
     * @param saved the port used last time, or {@code null}
     */
    public static int reuseOrPick(String saved) {
        if (saved != null && isFree(Integer.parseInt(saved))) {
            return Integer.parseInt(saved);
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
