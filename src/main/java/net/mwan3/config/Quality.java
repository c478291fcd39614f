package net.mwan3.config;

/** The {@code check_quality} thresholds: latency in milliseconds, loss in percent. */
public record Quality(int failureLatency, int failureLoss, int recoveryLatency, int recoveryLoss) {
}
