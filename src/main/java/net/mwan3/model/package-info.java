/** Pure: small shared values (families, marks, address and port matches) with no I/O and no clock. */
package net.mwan3.model;
