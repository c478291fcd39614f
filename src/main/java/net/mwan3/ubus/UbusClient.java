package net.mwan3.ubus;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.ubus.wire.BlobFormatException;
import net.mwan3.ubus.wire.Message;

/**
 * mwan3d's connection to ubusd, on its own thread ({@code mwan3-ubus}): connects when the socket
 * appears, registers the served objects and the listener, answers invocations, and connects again
 * when ubusd goes away (restart: back within {@link #RETRY_MS}). Where there is no socket it only
 * checks for one now and then and says nothing. A broken or hostile ubusd (garbage, oversized
 * frames, never reading) costs a reconnect, with a back-off up to {@link #MAX_BACKOFF_MS}.
 */
public final class UbusClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    /** How often a missing or refused socket is tried again. */
    static final long RETRY_MS = 250;
    static final long MAX_BACKOFF_MS = 2000;
    /** How often a host whose socket directory does not even exist is looked at again. */
    static final long NO_UBUS_MS = 5000;
    /** ubusd sends its hello as soon as it accepts; one that does not is not ubusd. */
    static final long HELLO_TIMEOUT_NS = 2_000_000_000L;
    private static final long TICK_NS = 1_000_000_000L;
    static final long HEALTHY_NS = 5_000_000_000L;

    private final Path socket;
    private final List<UbusObject> objects;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Selector selector;
    private volatile boolean connected;

    public UbusClient(Path socket, List<UbusObject> objects, Listener listener) {
        this.socket = socket;
        this.objects = List.copyOf(objects);
        this.listener = listener;
        this.thread = new Thread(this::run, "mwan3-ubus");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether a session is up and every object is registered (for tests and status). */
    public boolean connected() {
        return connected;
    }

    private void run() {
        long backoff = RETRY_MS;
        while (!closed) {
            if (!Files.exists(socket)) {
                // No ubus directory at all: a host without ubus (Debian), where four wake-ups a second
                // forever would be most of an idle daemon's cost. OpenWrt's ubusd restarting leaves it.
                Path dir = socket.getParent();
                pause(dir == null || Files.isDirectory(dir) ? RETRY_MS : NO_UBUS_MS);
                continue;
            }
            boolean worked = session();
            if (closed) {
                break;
            }
            backoff = worked ? RETRY_MS : Math.min(MAX_BACKOFF_MS, backoff * 2);
            pause(backoff);
        }
    }

    /**
     * Runs one connection until it ends; true when it was healthy (a hello, then ubusd closed it, or it
     * lasted {@link #HEALTHY_NS}): only then is the next attempt made without back-off, so a ubusd
     * that greets and then talks garbage cannot make us reconnect four times a second forever, while
     * a ubusd restarted twice in a row is rejoined as quickly as the first time.
     */
    private boolean session() {
        boolean registered = false;
        boolean closedByUbusd = false;
        Session s = null;
        long start = System.nanoTime();
        try (Selector sel = Selector.open(); Connection c = Connection.open(socket, sel)) {
            selector = sel;
            s = new Session(c, objects, listener);
            long nextTick = start + TICK_NS;
            while (!closed) {
                long now = System.nanoTime();
                if (!s.helloSeen() && now - start > HELLO_TIMEOUT_NS) {
                    throw new IOException("no hello from " + socket);
                }
                if (c.buffered()) {
                    sel.selectNow();
                } else {
                    sel.select(Math.max(1, (nextTick - now) / 1_000_000));
                }
                boolean readable = false;
                for (SelectionKey k : sel.selectedKeys()) {
                    if (k.isValid() && k.isWritable()) {
                        c.flush();
                    }
                    readable |= k.isValid() && k.isReadable();
                }
                sel.selectedKeys().clear();
                if (readable || c.buffered()) {
                    for (Message m : c.read()) {
                        s.handle(m, System.nanoTime());
                    }
                }
                now = System.nanoTime();
                if (now - nextTick >= 0) {
                    s.tick(now);
                    nextTick = now + TICK_NS;
                }
                if (!registered && s.registered()) {
                    registered = true;
                    connected = true;
                    LOG.info(() -> "ubus: connected to " + socket);
                }
            }
        } catch (IOException | BlobFormatException e) {
            closedByUbusd = e instanceof java.io.EOFException;
            if (s != null && s.helloSeen()) {
                LOG.log(registered ? Level.WARNING : Level.FINE, "ubus: connection to {0} lost: {1}",
                        new Object[] {socket, e.getMessage()});
            } else {
                LOG.log(Level.FINE, "ubus: cannot connect to {0}: {1}", new Object[] {socket, e.getMessage()});
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ubus: session failed", e);
        } finally {
            connected = false;
            selector = null;
            if (s != null && s.helloSeen() && listener != null) {
                listener.lost();
            }
        }
        return s != null && s.helloSeen() && (closedByUbusd || System.nanoTime() - start >= HEALTHY_NS);
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            if (!closed) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Selector sel = selector;
        if (sel != null) {
            sel.wakeup();
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
