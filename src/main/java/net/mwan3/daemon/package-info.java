/** Effectful: mwan3d — wiring, the control socket, the event loop that owns all runtime state. */
package net.mwan3.daemon;
