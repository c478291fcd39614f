/** Effectful: runs the user's alert script (/etc/mwan3.user) for interface events, off the main path. */
package net.mwan3.alert;
