package net.mwan3.model;

/**
 * What the planner needs to know about one interface at one moment.
 *
 * @param device the Linux device now carrying it, or null when it has none
 * @param up     netifd's "up": the device exists, is up with carrier and has an address of the family
 * @param online the routing state (mwan3's {@code iface_state}): up and judged healthy by the tracker
 *               (or untracked)
 */
public record IfaceState(String device, boolean up, boolean online) {

    public static final IfaceState DOWN = new IfaceState(null, false, false);

    public IfaceState {
        if (online && !up) {
            throw new IllegalArgumentException("an interface cannot be online while down");
        }
    }
}
