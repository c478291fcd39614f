package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;

import net.mwan3.model.MarkMask;
import net.mwan3.netlink.ConntrackMessages;
import net.mwan3.netlink.NetlinkFormatException;
import net.mwan3.netlink.NlMessage;
import net.mwan3.sys.NetlinkException;
import net.mwan3.sys.NetlinkSocket;

/**
 * Deletes conntrack entries by the interface mark they carry, as {@code conntrack -D --mark m/mask}
 * did, over ctnetlink: the kernel dumps the entries of that mark (both families), each is checked
 * again here (a kernel that ignored the filter must not make us delete others' flows), then deleted
 * by its tuple, zone and id in one batch. Never the whole table, as mwan3's {@code flush_conntrack}
 * did. The kernel's mark-filtered flush would be one message, but it answers no count and cannot
 * be checked entry by entry.
 */
public final class Conntrack implements AutoCloseable {
    private static final int ENOENT = 2;
    private final NetlinkSocket socket;

    private Conntrack(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a ctnetlink socket in the calling thread's network namespace. */
    public static Conntrack open() {
        try {
            return new Conntrack(NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER, 0, 0));
        } catch (NetlinkException e) {
            throw new KernelException("ctnetlink", e);
        }
    }

    /** Returns how many entries were deleted; 0 when none matched. Not thread-safe (the daemon's main thread). */
    public int deleteByMark(long mark, long mask) {
        String what = "conntrack -D --mark " + MarkMask.hex(mark) + "/" + MarkMask.hex(mask);
        List<ConntrackMessages.Entry> entries = new ArrayList<>();
        try {
            for (NlMessage m : socket.dump(ConntrackMessages.dumpByMark(mark, mask))) {
                ConntrackMessages.Entry e = ConntrackMessages.entry(m);
                if (e != null && (e.mark() & mask) == (mark & mask)) {
                    entries.add(e);
                }
            }
            int deleted = 0;
            for (NetlinkSocket.Ack a : socket.transact(entries.stream().map(ConntrackMessages::delete).toList())) {
                if (a.ok()) {
                    deleted++;
                } else if (a.errno() != ENOENT) { // ENOENT: the entry ended since the dump
                    throw new NetlinkException("deleting an entry (" + deleted + " deleted before)", a.errno(),
                            a.extAck());
                }
            }
            return deleted;
        } catch (NetlinkException e) {
            throw new KernelException(what, e);
        } catch (NetlinkFormatException e) {
            throw new KernelException(what + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
