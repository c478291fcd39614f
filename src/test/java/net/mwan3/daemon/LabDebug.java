package net.mwan3.daemon;

import java.nio.file.Files;
import java.nio.file.Path;

import net.mwan3.lab.LabJava;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;

/** Developer aid: builds the failover lab, starts mwan3d, prints the programmed state. */
final class LabDebug {
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mwan3-debug");
        try (Topology t = Topology.build("dbg", 3)) {
            LabJava java = new LabJava(t.netns(), work);
            java.echoServer(t.inet(), Topology.SERVER, Topology.SERVER_PORT);
            try (LabRouter r = new LabRouter(t, FailoverIT.config("ping", ""), work)) {
                Thread.sleep(2000);
                System.out.println(java.flows(t.lan(), Topology.SERVER, Topology.SERVER_PORT, 3, null));
                try (net.mwan3.lab.UdpFlow f = new net.mwan3.lab.UdpFlow(t.lan(), Topology.LAN_CLIENT, 40123,
                        Topology.SERVER, Topology.SERVER_PORT, 10)) {
                    Thread.sleep(1000);
                    System.out.println("udp last: " + f.last() + " n=" + f.replies().size());
                    t.faults().blackhole(1);
                    Thread.sleep(3000);
                    System.out.println("udp last after blackhole: " + f.last() + " n=" + f.replies().size());
                    System.out.println(t.netns().exec(t.router(), "conntrack", "-L"));
                    System.out.println(t.netns().exec(t.router(), "nft", "list", "chain", "inet", "mwan3", "mwan3_rules"));
                }
                System.out.println(r.log());
                System.out.println(t.netns().exec(t.router(), "ip", "rule"));
                System.out.println(t.netns().exec(t.router(), "ip", "route", "show", "table", "1"));
                System.out.println(t.netns().exec(t.router(), "conntrack", "-L"));
            }
        }
    }
}
