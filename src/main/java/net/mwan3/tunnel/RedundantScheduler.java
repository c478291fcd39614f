package net.mwan3.tunnel;

/** Every packet on every up path, first copy wins at the far end (engarde, Speedify Redundant). */
public final class RedundantScheduler implements Scheduler {
    @Override
    public long select(PathView paths, int bytes, long now) {
        long up = Scheduler.upMask(paths);
        return up != 0 ? up : Scheduler.all(paths);
    }
}
