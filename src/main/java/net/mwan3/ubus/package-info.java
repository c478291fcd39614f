/**
 * Effectful: mwan3d's ubus client on its own thread: the Unix-socket connection to ubusd, the
 * objects it serves (mwan3's {@code status}), its event and notification listener (netifd's
 * {@code network.interface}), and reconnecting when ubusd restarts.
 */
package net.mwan3.ubus;
