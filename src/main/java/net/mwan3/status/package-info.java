/** Pure: the daemon's status as immutable values, and its mwan3-compatible text and JSON renderings. */
package net.mwan3.status;
