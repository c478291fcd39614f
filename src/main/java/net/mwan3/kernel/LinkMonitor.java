package net.mwan3.kernel;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.netlink.NetlinkFormatException;
import net.mwan3.netlink.NlMessage;
import net.mwan3.sys.LibC;
import net.mwan3.sys.NetlinkException;
import net.mwan3.sys.NetlinkSocket;

/**
 * Listens to the kernel's link, address (both families), route and rule (both families) groups on
 * one rtnetlink socket and calls {@code onEvent} for each batch of changes; the callback only marks
 * work, the reconcile re-reads state, so a duplicated event costs nothing. Notifications of our own
 * changes (they carry the port id of the adapter's socket) are not events. When the kernel says
 * events were lost (ENOBUFS) or the socket fails, {@code onLost} asks for a full resync; a failed
 * socket is reopened after a second.
 */
public final class LinkMonitor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LinkMonitor.class.getName());
    private static final int RTNLGRP_LINK = 1;
    private static final int RTNLGRP_IPV4_IFADDR = 5;
    private static final int RTNLGRP_IPV4_ROUTE = 7;
    private static final int RTNLGRP_IPV4_RULE = 8;
    private static final int RTNLGRP_IPV6_IFADDR = 9;
    private static final int RTNLGRP_IPV6_ROUTE = 11;
    private static final int RTNLGRP_IPV6_RULE = 19;
    private static final int GROUPS = group(RTNLGRP_LINK) | group(RTNLGRP_IPV4_IFADDR) | group(RTNLGRP_IPV4_ROUTE)
            | group(RTNLGRP_IPV4_RULE) | group(RTNLGRP_IPV6_IFADDR) | group(RTNLGRP_IPV6_ROUTE)
            | group(RTNLGRP_IPV6_RULE);
    /** Room for a burst (a link going down withdraws every route through it) before the kernel drops events. */
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final Runnable onEvent;
    private final Runnable onLost;
    private final int ownPort;
    private final int receiveBuffer;
    private final int wake;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Opens the subscription in the calling thread's network namespace (so a failure shows at start)
     * and starts thread {@code mwan3-monitor}.
     *
     * @param ownPort the port id of our own request socket ({@link Rtnetlink#portid()}), 0 for none
     */
    public LinkMonitor(Runnable onEvent, Runnable onLost, int ownPort) {
        this(onEvent, onLost, ownPort, RECEIVE_BUFFER);
    }

    /** With a receive buffer of {@code receiveBuffer} bytes (a small one lets a test overflow it). */
    LinkMonitor(Runnable onEvent, Runnable onLost, int ownPort, int receiveBuffer) {
        this.onEvent = onEvent;
        this.onLost = onLost;
        this.ownPort = ownPort;
        this.receiveBuffer = receiveBuffer;
        NetlinkSocket first = subscribe();
        this.wake = LibC.INSTANCE.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wake < 0) {
            first.close();
            throw new KernelException("eventfd for the link monitor", new NetlinkException("eventfd", LibC.errno(), null));
        }
        this.thread = new Thread(() -> loop(first), "mwan3-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private NetlinkSocket subscribe() {
        try {
            return NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, GROUPS, receiveBuffer);
        } catch (NetlinkException e) {
            throw new KernelException("rtnetlink subscription", e);
        }
    }

    private void loop(NetlinkSocket first) {
        NetlinkSocket socket = first;
        while (!closed) {
            try {
                List<NlMessage> batch = socket.next(wake);
                if (batch == null) {
                    break;
                }
                if (batch.stream().anyMatch(m -> ownPort == 0 || m.pid() != ownPort)) {
                    onEvent.run();
                }
            } catch (NetlinkFormatException e) {
                LOG.log(Level.WARNING, "link monitor: {0}: full resync", e.getMessage());
                onLost.run();
            } catch (NetlinkException e) {
                if (e.errno() == LibC.ENOBUFS) {
                    LOG.info("kernel events were lost (receive queue full): full resync");
                    onLost.run();
                    continue;
                }
                LOG.log(Level.WARNING, "link monitor failed, reopening: {0}", e.getMessage());
                socket.close();
                socket = reopen();
                if (socket == null) {
                    return;
                }
                onLost.run();
            }
        }
        socket.close();
    }

    /** A new subscription after a second; null when closed meanwhile. */
    private NetlinkSocket reopen() {
        while (!closed) {
            try {
                Thread.sleep(1000);
                return subscribe();
            } catch (KernelException e) {
                LOG.log(Level.WARNING, "link monitor: {0}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static int group(int g) {
        return 1 << (g - 1);
    }

    @Override
    public void close() {
        closed = true;
        byte[] one = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(1).array();
        LibC.INSTANCE.write(wake, one, 8);
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibC.INSTANCE.close(wake);
    }
}
