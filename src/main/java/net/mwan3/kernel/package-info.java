/** Effectful edge: the only code that runs nft, ip and conntrack or reads kernel state. */
package net.mwan3.kernel;
