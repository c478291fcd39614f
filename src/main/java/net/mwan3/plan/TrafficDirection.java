package net.mwan3.plan;

/** Which of an interface's two traffic counters: packets it sends, or the replies it gets. */
public enum TrafficDirection {
    OUT("out"), REPLY("reply");

    private final String word;

    TrafficDirection(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
