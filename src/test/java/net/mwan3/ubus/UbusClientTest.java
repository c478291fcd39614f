package net.mwan3.ubus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.mwan3.json.JsonObject;
import net.mwan3.ubus.wire.Attr;
import net.mwan3.ubus.wire.BlobWriter;
import net.mwan3.ubus.wire.Blobmsg;
import net.mwan3.ubus.wire.BlobmsgType;
import net.mwan3.ubus.wire.Message;
import net.mwan3.ubus.wire.Method;
import net.mwan3.ubus.wire.MsgType;

/**
 * The client's protocol and its defences against a broken or hostile ubusd, on a scripted fake
 * ({@link FakeUbusd}); {@code OpenWrtIT} runs it against the real ubusd.
 */
class UbusClientTest {

    @TempDir
    Path tmp;

    /** Echoes its arguments back; {@code pad} adds a large string so replies pile up when nobody reads. */
    static final class Echo implements UbusObject {
        volatile int pad;

        @Override
        public String path() {
            return "mwan3";
        }

        @Override
        public List<Method> methods() {
            Map<String, BlobmsgType> a = new LinkedHashMap<>();
            a.put("section", BlobmsgType.STRING);
            return List.of(new Method("status", a));
        }

        @Override
        public Answer call(String method, JsonObject args) {
            if (!method.equals("status")) {
                return Answer.error(net.mwan3.ubus.wire.UbusStatus.METHOD_NOT_FOUND);
            }
            JsonObject out = new JsonObject();
            out.put("got", args);
            if (pad > 0) {
                out.put("pad", "x".repeat(pad));
            }
            return Answer.of(out);
        }
    }

    private static int status(Message m) {
        assertEquals(MsgType.STATUS, m.type(), m.toString());
        return m.attrs().u32(Attr.STATUS);
    }

    @Test
    void registersItsObjectAndAnswersInvocationsAsLibubusDoes() throws Exception {
        try (FakeUbusd d = new FakeUbusd(tmp.resolve("ubus.sock"));
             UbusClient c = new UbusClient(d.path, List.of(new Echo()), null)) {
            FakeUbusd.Peer p = d.next(5);
            p.hello(0x42);
            int id = p.register("mwan3");
            p.invoke(7, 0x55, id, "status", new JsonObject().put("section", "interfaces"));
            Message data = p.read();
            assertEquals(MsgType.DATA, data.type());
            assertEquals(7, data.seq());
            assertEquals(0x55, data.peer(), "the reply goes back to the caller");
            assertEquals(id, data.attrs().u32(Attr.OBJID));
            assertEquals("interfaces",
                    Blobmsg.readTable(data.attrs().get(Attr.DATA)).get("got").get("section").asText());
            assertEquals(0, status(p.read()));

            p.invoke(8, 0x55, id, "nosuch", new JsonObject());
            assertEquals(3, status(p.read()), "METHOD_NOT_FOUND");
            p.invoke(9, 0x55, 0x999, "status", new JsonObject());
            assertEquals(4, status(p.read()), "NOT_FOUND");
            p.send(Message.of(MsgType.INVOKE, 10, 0x55, new BlobWriter().u32(Attr.OBJID, id)
                    .string(Attr.METHOD, "status").toBytes()));
            assertEquals(2, status(p.read()), "no DATA: INVALID_ARGUMENT");
            BlobWriter bad = new BlobWriter().u32(Attr.OBJID, id).string(Attr.METHOD, "status");
            int dd = bad.nest(Attr.DATA);
            bad.u32(Attr.OBJID, 1);
            bad.end(dd);
            p.send(Message.of(MsgType.INVOKE, 11, 0x55, bad.toBytes()));
            assertEquals(2, status(p.read()), "arguments that are not blobmsg: INVALID_ARGUMENT");
            p.invoke(12, 0x55, id, "status", new JsonObject());
            assertEquals(MsgType.DATA, p.read().type(), "and the session goes on");
            assertEquals(0, status(p.read()));
            assertTrue(c.connected());
        }
    }

    /** More frames than one read takes arrive at once: the rest must not wait for the socket's next event. */
    @Test
    void aBurstLargerThanOneReadIsAnsweredInFull() throws Exception {
        try (FakeUbusd d = new FakeUbusd(tmp.resolve("ubus.sock"));
             UbusClient c = new UbusClient(d.path, List.of(new Echo()), null)) {
            FakeUbusd.Peer p = d.next(5);
            p.hello(0x42);
            int id = p.register("mwan3");
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 1; i <= 1000; i++) {
                burst.write(Message.of(MsgType.INVOKE, i, 0x55, net.mwan3.ubus.wire.Bodies.invoke(id, "status",
                        new JsonObject())).encode());
            }
            p.raw(burst.toByteArray());
            java.util.concurrent.Future<Integer> answered = java.util.concurrent.Executors.newSingleThreadExecutor()
                    .submit(() -> {
                        int statuses = 0;
                        while (statuses < 1000) {
                            if (p.read().type() == MsgType.STATUS) {
                                statuses++;
                            }
                        }
                        return statuses;
                    });
            assertEquals(1000, answered.get(20, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void registersAgainWhenUbusdRestarts() throws Exception {
        Path sock = tmp.resolve("ubus.sock");
        Echo echo = new Echo();
        FakeUbusd first = new FakeUbusd(sock);
        try (UbusClient c = new UbusClient(sock, List.of(echo), null)) {
            FakeUbusd.Peer p = first.next(5);
            p.hello(0x42);
            p.register("mwan3");
            first.close();
            try (FakeUbusd second = new FakeUbusd(sock)) {
                FakeUbusd.Peer q = second.next(2);
                q.hello(0x43);
                int id = q.register("mwan3");
                q.invoke(1, 0x56, id, "status", new JsonObject());
                assertEquals(MsgType.DATA, q.read().type());
            }
        }
    }

    @Test
    void garbageOrAnOversizedFrameFromUbusdCostsAReconnectNotAHang() throws Exception {
        try (FakeUbusd d = new FakeUbusd(tmp.resolve("ubus.sock"));
             UbusClient c = new UbusClient(d.path, List.of(new Echo()), null)) {
            FakeUbusd.Peer p = d.next(5);
            p.hello(0x42);
            p.register("mwan3");
            byte[] huge = Message.of(MsgType.INVOKE, 1, 0x55, new BlobWriter().toBytes()).encode();
            huge[Message.HEADER + 1] = (byte) 0xff;
            p.raw(huge);
            assertThrows(IOException.class, () -> p.read(), "the client hangs up instead of buffering 16 MiB");

            FakeUbusd.Peer q = d.next(5);
            q.hello(0x43);
            q.register("mwan3");
            q.raw(new byte[] {0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2});
            assertThrows(IOException.class, () -> q.read(), "a blob shorter than its header: hang up");

            FakeUbusd.Peer r = d.next(5);
            r.raw(new byte[] {0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4});
            assertThrows(IOException.class, () -> r.read(), "no hello first: not ubusd");
            assertTrue(d.accepted.get() >= 3);
        }
    }

    @Test
    void aUbusdThatStopsReadingIsDroppedNotWaitedFor() throws Exception {
        Echo echo = new Echo();
        echo.pad = 60_000;
        try (FakeUbusd d = new FakeUbusd(tmp.resolve("ubus.sock"));
             UbusClient c = new UbusClient(d.path, List.of(echo), null)) {
            FakeUbusd.Peer p = d.next(5);
            p.hello(0x42);
            int id = p.register("mwan3");
            int sent = 0;
            try {
                for (; sent < 400; sent++) {
                    p.invoke(sent + 1, 0x55, id, "status", new JsonObject());
                }
            } catch (IOException closedByTheClient) {
                // The client hung up while we were still flooding it.
            }
            FakeUbusd.Peer q = d.next(10);
            assertTrue(sent > 60, "replies to " + sent + " invocations were queued before the client gave up");
            q.hello(0x43);
            q.register("mwan3");
        }
    }

    @Test
    void aPeerThatNeverGreetsIsLeftAfterTheHelloTimeout() throws Exception {
        try (FakeUbusd d = new FakeUbusd(tmp.resolve("ubus.sock"));
             UbusClient c = new UbusClient(d.path, List.of(new Echo()), null)) {
            d.next(5);
            FakeUbusd.Peer q = d.next(5);
            q.hello(0x43);
            q.register("mwan3");
        }
    }

    @Test
    void withoutASocketItSaysNothingAndConnectsOnceOneAppears() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("mwan3d");
        log.addHandler(h);
        Path sock = tmp.resolve("ubus.sock");
        try (UbusClient c = new UbusClient(sock, List.of(new Echo()), null)) {
            Thread.sleep(1200);
            assertEquals(List.of(), records.stream().map(LogRecord::getMessage).toList(), "silent where there is no ubus");
            try (FakeUbusd d = new FakeUbusd(sock)) {
                FakeUbusd.Peer p = d.next(2);
                p.hello(0x42);
                p.register("mwan3");
            }
        } finally {
            log.removeHandler(h);
        }
    }
}
