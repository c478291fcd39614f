/**
 * Pure: mwan3track's round judgement and score state machine, with no I/O and no clock (times are passed in);
 * probers and scheduling live elsewhere and only feed {@link net.mwan3.track.ProbeOutcome}s in.
 */
package net.mwan3.track;
