package net.mwan3.probe;

/**
 * Sums the outcomes of one probe's attempts into a {@link ProbeResult}. A probe "could not run"
 * (has an error text) only when no attempt got a request out; a partly failing probe reports
 * its loss instead, like ping does.
 */
final class ProbeTally {
    private int attempts;
    private int sent;
    private int received;
    private long rttSum;
    private String firstError;

    void add(Outcome o) {
        attempts++;
        if (o.sent()) {
            sent++;
        }
        if (o.replied()) {
            received++;
            rttSum += o.rttNanos();
        }
        if (!o.sent() && firstError == null) {
            firstError = o.error();
        }
    }

    ProbeResult result() {
        if (sent == 0) {
            return ProbeResult.failed(attempts, firstError == null ? "nothing sent" : firstError);
        }
        return new ProbeResult(attempts, received, received == 0 ? -1 : rttSum / received / 1000, null);
    }
}
