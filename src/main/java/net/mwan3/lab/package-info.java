/**
 * Effectful: network-namespace topologies for the lab, the integration tests and the benchmarks
 * (one place builds them). Only documentation and benchmarking address ranges, only namespaces it
 * created, and everything it creates is removed again.
 */
package net.mwan3.lab;
