/**
 * Pure: ubus's wire format, as libubox's blob.h/blobmsg.h and ubus's ubusmsg.h define it: blob
 * attributes, blobmsg values (to and from JSON trees) and message frames, with the bounds checks
 * ubusd itself applies to untrusted input.
 */
package net.mwan3.ubus.wire;
