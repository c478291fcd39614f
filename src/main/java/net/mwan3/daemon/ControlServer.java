package net.mwan3.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The Unix-domain control socket ({@code mwan3.sock}, mode 0600) in the state directory (0700, see
 * {@link StateDir}). The socket is bound under a temporary name, given its mode, then renamed into
 * place, so it never exists at its path with wider permissions. Each connection carries one request,
 * from a peer whose credentials {@link ControlAccess} allows (others are told "permission denied");
 * a malformed, oversized or slow request gets an error reply and is closed, and nothing a client
 * sends can reach the daemon's state except through the handler.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());
    private static final int READ_TIMEOUT_MS = 2000;

    private final Path dir;
    private final Path path;
    private final ServerSocketChannel server;
    private final Function<List<String>, Reply> handler;
    private volatile ControlAccess access;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "mwan3-control");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;

    /** Binds the socket for root and the daemon's user; fails if another daemon is listening on it. */
    public ControlServer(Path stateDir, Function<List<String>, Reply> handler) throws IOException {
        this(stateDir, ControlAccess.of(null), handler);
    }

    /** Binds the socket in {@code stateDir} (created or checked by {@link StateDir}); fails if it is in use. */
    ControlServer(Path stateDir, ControlAccess access, Function<List<String>, Reply> handler) throws IOException {
        this.dir = StateDir.prepare(stateDir);
        this.path = stateDir.resolve(ControlProtocol.SOCKET);
        this.handler = handler;
        this.access = access;
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (inUse(path)) {
                throw new IOException("control socket " + path + " is in use: is mwan3d already running?");
            }
            Files.delete(path);
        }
        Path bound = stateDir.resolve("." + ControlProtocol.SOCKET + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(bound);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(bound));
            setModes(bound, access);
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        }
        this.acceptor = new Thread(this::acceptLoop, "mwan3-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Changes who may connect (globals {@code control_group}, on reload): modes and the peer check. */
    void permit(ControlAccess next) throws IOException {
        setModes(path, next);
        access = next;
    }

    /** The socket 0600, or 0660 with the control group; the directory to match. */
    private void setModes(Path socket, ControlAccess a) throws IOException {
        if (a.group() != null) {
            Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setGroup(a.group());
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(a.group() == null ? "rw-------"
                : "rw-rw----"));
        StateDir.admit(dir, a.group());
    }

    private static boolean inUse(Path p) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            return c.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                try {
                    workers.execute(() -> serve(c));
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // The daemon is stopping: the workers are gone, and the client gets a closed socket.
                    c.close();
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(Level.WARNING, "control socket accept failed: {0}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            Reply reply;
            try {
                UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
                // Read first either way, so a refused client gets its answer rather than a broken pipe.
                String line = readLine(c);
                if (!access.allows(peer)) {
                    LOG.log(Level.WARNING, "control socket: refused user {0} (group {1}): {2}",
                            new Object[] {peer.user().getName(), peer.group().getName(), access.describe()});
                    reply = Reply.failure(ControlProtocol.PERMISSION_DENIED + " (the control socket is for "
                            + access.describe() + ")");
                } else {
                    reply = line == null ? Reply.usage("mwan3d: request too large or not terminated")
                            : handler.apply(ControlProtocol.parse(line));
                }
            } catch (IllegalArgumentException e) {
                reply = Reply.usage("mwan3d: bad request: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "control request failed", e);
                reply = Reply.failure("mwan3d: internal error: " + e);
            }
            ByteBuffer out = ByteBuffer.wrap(ControlProtocol.reply(reply));
            while (out.hasRemaining()) {
                c.write(out);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "control client went away: {0}", e.getMessage());
        }
    }

    /** Reads up to the newline; null when the request exceeds the limit or the client stalls. */
    private static String readLine(SocketChannel c) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(512);
        long deadline = System.currentTimeMillis() + READ_TIMEOUT_MS;
        c.configureBlocking(false);
        try (var selector = java.nio.channels.Selector.open()) {
            c.register(selector, java.nio.channels.SelectionKey.OP_READ);
            while (System.currentTimeMillis() < deadline) {
                selector.select(Math.max(1, deadline - System.currentTimeMillis()));
                b.clear();
                int n = c.read(b);
                if (n < 0) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    byte x = b.get(i);
                    if (x == '\n') {
                        return buf.toString(StandardCharsets.UTF_8);
                    }
                    buf.write(x);
                }
                if (buf.size() > ControlProtocol.MAX_REQUEST) {
                    return null;
                }
                selector.selectedKeys().clear();
            }
        } finally {
            c.configureBlocking(true);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
        Files.deleteIfExists(path);
    }
}
