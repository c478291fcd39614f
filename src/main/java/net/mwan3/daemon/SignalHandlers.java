package net.mwan3.daemon;

import java.util.logging.Logger;

/** SIGHUP = reload, as for every Unix daemon (sun.misc.Signal is the only JDK way to catch it). */
final class SignalHandlers {
    private static final Logger LOG = Logger.getLogger("mwan3d");

    private SignalHandlers() {
    }

    @SuppressWarnings("removal")
    static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> {
                LOG.info("SIGHUP: reloading");
                new Thread(action, "mwan3-sighup").start();
            });
        } catch (IllegalArgumentException e) {
            LOG.warning("cannot handle SIGHUP: " + e.getMessage());
        }
    }
}
