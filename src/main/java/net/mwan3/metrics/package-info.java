/** Effectful: Prometheus metrics (status gauges, event counters) served over HTTP when {@code metrics_listen} is set. */
package net.mwan3.metrics;
