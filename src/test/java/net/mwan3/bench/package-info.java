/** Effectful: benchmarks in lab namespaces (run by bench/run, not by surefire or failsafe). */
package net.mwan3.bench;
