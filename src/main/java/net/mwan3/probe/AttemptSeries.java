package net.mwan3.probe;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Runs the {@code count} attempts of a Netty-based probe on the shared loop: spaced over the first
 * half of the timeout (as the ICMP prober spaces echoes), each one cut off at the probe's
 * deadline, the outcomes summed by a {@link ProbeTally}. All bookkeeping stays on the loop thread.
 */
final class AttemptSeries {

    /** One attempt, started on the loop thread; must release its channel when the future completes. */
    interface Attempt {
        CompletableFuture<Outcome> start(InetAddress address, ProbeTarget target);
    }

    private final ProbeEventLoop loop;
    private final Attempt attempt;

    AttemptSeries(ProbeEventLoop loop, Attempt attempt) {
        this.loop = loop;
        this.attempt = attempt;
    }

    CompletableFuture<ProbeResult> run(ProbeTarget target) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        TargetResolver.resolve(target.host(), target.family()).whenComplete((addr, err) -> {
            if (err != null) {
                result.complete(ProbeResult.failed(0, "resolve " + target.host() + ": " + err.getMessage()));
                return;
            }
            try {
                EventLoop el = loop.loop();
                el.execute(() -> schedule(el, addr, target, result));
            } catch (RejectedExecutionException e) {
                result.complete(ProbeResult.failed(0, "probe event loop closed"));
            }
        });
        return result;
    }

    private void schedule(EventLoop el, InetAddress addr, ProbeTarget target, CompletableFuture<ProbeResult> result) {
        long deadline = System.nanoTime() + target.timeout().toNanos();
        long spacing = target.spacing().toNanos();
        ProbeTally tally = new ProbeTally();
        int[] done = {0};
        for (int i = 0; i < target.count(); i++) {
            el.schedule(() -> launch(el, addr, target, deadline, outcome -> {
                tally.add(outcome);
                if (++done[0] == target.count()) {
                    result.complete(tally.result());
                }
            }), i * spacing, TimeUnit.NANOSECONDS);
        }
    }

    private void launch(EventLoop el, InetAddress addr, ProbeTarget target, long deadline,
                        java.util.function.Consumer<Outcome> sink) {
        CompletableFuture<Outcome> f;
        try {
            f = attempt.start(addr, target);
        } catch (ProbeSetupException e) {
            f = CompletableFuture.completedFuture(Outcome.notSent(e.getMessage()));
        }
        CompletableFuture<Outcome> attemptFuture = f;
        ScheduledFuture<?> timeout = el.schedule(() -> attemptFuture.complete(Outcome.lost("timeout")),
                Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        attemptFuture.whenComplete((o, e) -> {
            timeout.cancel(false);
            Outcome outcome = e != null ? Outcome.notSent(String.valueOf(e.getMessage())) : o;
            if (el.inEventLoop()) {
                sink.accept(outcome);
            } else {
                el.execute(() -> sink.accept(outcome));
            }
        });
    }
}
