/** Effectful edge: the {@code mwan3} command; a thin client that passes the daemon's text through. */
package net.mwan3.cli;
