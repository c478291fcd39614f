package net.mwan3.ubus.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.mwan3.json.Json;
import net.mwan3.json.JsonBoolean;
import net.mwan3.json.JsonObject;

/**
 * The codec against bytes recorded from the real ubusd, ubus CLI, rpcd and netifd: every frame
 * decodes and re-encodes to itself, every DATA payload survives JSON and back byte for byte, and
 * what we send is exactly what libubus sends for the same request.
 */
class UbusWireTest {

    static Map<String, BlobmsgType> statusArgs() {
        Map<String, BlobmsgType> args = new LinkedHashMap<>();
        args.put("section", BlobmsgType.STRING);
        args.put("interface", BlobmsgType.STRING);
        return args;
    }

    @Test
    void everyRecordedFrameDecodesAndEncodesToItself() {
        int frames = 0;
        for (String name : Recorded.ALL) {
            for (Recorded.Frame f : Recorded.load(name).frames()) {
                Message m = f.message();
                assertTrue(m.type() != null, name + ": " + m);
                assertArrayEquals(f.bytes(), Message.of(m.type(), m.seq(), m.peer(), m.body().bytes()).encode(),
                        name + ": " + m);
                frames++;
            }
        }
        assertTrue(frames > 100, "recordings hold " + frames + " frames");
    }

    /**
     * netifd's own connection is left out: its device status sends counters as INT8 ({@code "active": 2}),
     * which JSON, like libubox's own formatter, reads as a boolean.
     */
    @Test
    void everyRecordedPayloadSurvivesJsonAndBackByteForByte() throws Exception {
        int payloads = 0;
        for (String name : Recorded.ALL.subList(1, Recorded.ALL.size())) {
            for (Recorded.Frame f : Recorded.load(name).frames()) {
                Blob data = f.message().attrs().get(Attr.DATA);
                if (data == null) {
                    continue;
                }
                JsonObject json = Blobmsg.readTable(data);
                BlobWriter w = new BlobWriter();
                int d = w.nest(Attr.DATA);
                Blobmsg.writeFields(w, json);
                w.end(d);
                byte[] ours = Blob.of(w.toBytes()).children().get(0).bytes();
                assertArrayEquals(data.bytes(), ours, name + ": " + json);
                payloads++;
            }
        }
        assertTrue(payloads >= 17, "recordings hold " + payloads + " payloads");
    }

    /** libubox's mapping: integers as INT32 where they fit, else INT64; booleans as INT8; null as UNSPEC. */
    @Test
    void everyJsonKindMapsToItsBlobmsgTypeAndBack() {
        JsonObject tree = (JsonObject) Json.parse("{\"s\":\"x\",\"small\":-5,\"edge\":2147483647,"
                + "\"wide\":2147483648,\"min\":-9223372036854775808,\"d\":0.25,\"t\":true,\"f\":false,"
                + "\"z\":null,\"a\":[1,\"y\",[],{}],\"o\":{\"k\":{\"deep\":1}}}");
        BlobWriter w = new BlobWriter();
        int d = w.nest(Attr.DATA);
        Blobmsg.writeFields(w, tree);
        w.end(d);
        Blob data = Blob.of(w.toBytes()).children().get(0);
        assertEquals(tree, Blobmsg.readTable(data));
        assertEquals(List.of(BlobmsgType.STRING, BlobmsgType.INT32, BlobmsgType.INT32, BlobmsgType.INT64,
                BlobmsgType.INT64, BlobmsgType.DOUBLE, BlobmsgType.INT8, BlobmsgType.INT8, BlobmsgType.UNSPEC,
                BlobmsgType.ARRAY, BlobmsgType.TABLE),
                data.children().stream().map(b -> BlobmsgType.of(b.id())).toList());
    }

    @Test
    void ourMwan3SignatureIsWhatRpcdRegistersForTheSameMethod() {
        Recorded rpcd = Recorded.load("rpcd");
        Recorded.Frame add = rpcd.first(true, MsgType.ADD_OBJECT, a -> "mwan3".equals(a.string(Attr.OBJPATH)));
        byte[] ours = Bodies.addObject("mwan3", List.of(new Method("status", statusArgs())));
        assertArrayEquals(add.message().body().bytes(), ours);
    }

    @Test
    void whatUbusdForwardsToAServiceDecodes() throws Exception {
        Recorded rpcd = Recorded.load("rpcd");
        Message invoke = rpcd.first(false, MsgType.INVOKE, a -> "status".equals(a.string(Attr.METHOD))).message();
        Attrs a = invoke.attrs();
        assertEquals(Json.parse("{\"section\":\"interfaces\",\"interface\":\"wan\"}"),
                Blobmsg.readTable(a.get(Attr.DATA)));
        assertEquals("root", a.string(Attr.USER));
        assertTrue(a.u32(Attr.OBJID) != null && invoke.peer() != 0, "the caller's id is the peer");
    }

    @Test
    void ourReplyAndStatusAreWhatRpcdSendsForTheSameAnswer() throws Exception {
        Recorded rpcd = Recorded.load("rpcd");
        Message invoke = rpcd.first(false, MsgType.INVOKE, a -> "status".equals(a.string(Attr.METHOD))).message();
        Message data = rpcd.first(true, MsgType.DATA).message();
        Message status = rpcd.first(true, MsgType.STATUS, a -> a.u32(Attr.STATUS) == 0).message();
        int objid = invoke.attrs().u32(Attr.OBJID);
        JsonObject answer = (JsonObject) Json.parse(new String(
                UbusWireTest.class.getResourceAsStream("/ubus/record-plugin.sh").readAllBytes())
                .replaceAll("(?s).*echo '(\\{ \"interfaces\".*?)'\n.*", "$1"));
        assertEquals(answer, Blobmsg.readTable(data.attrs().get(Attr.DATA)));
        assertArrayEquals(data.encode(), Message.of(MsgType.DATA, invoke.seq(), invoke.peer(),
                Bodies.reply(objid, answer)).encode());
        assertArrayEquals(status.encode(), Message.of(MsgType.STATUS, invoke.seq(), invoke.peer(),
                Bodies.status(UbusStatus.OK, objid)).encode());
        assertEquals(8589934592L, answer.get("big").asLong(0), "INT64 where it does not fit 32 bits");
        assertEquals(0.5, answer.get("ratio").asDouble(0));
    }

    @Test
    void methodNotFoundIsAStatusOnly() {
        Recorded rpcd = Recorded.load("rpcd");
        Message invoke = rpcd.first(false, MsgType.INVOKE, a -> "nosuch".equals(a.string(Attr.METHOD))).message();
        Message status = rpcd.first(true, MsgType.STATUS, a -> a.u32(Attr.STATUS) == 3).message();
        assertEquals(invoke.seq(), status.seq());
        assertArrayEquals(status.encode(), Message.of(MsgType.STATUS, invoke.seq(), invoke.peer(),
                Bodies.status(UbusStatus.METHOD_NOT_FOUND, invoke.attrs().u32(Attr.OBJID))).encode());
    }

    @Test
    void ourClientRequestsAreTheCliBytes() throws Exception {
        Recorded call = Recorded.load("cli-call-status");
        Message lookup = call.first(true, MsgType.LOOKUP).message();
        assertArrayEquals(lookup.body().bytes(), Bodies.lookup("mwan3"));
        Message invoke = call.first(true, MsgType.INVOKE).message();
        int objid = invoke.attrs().u32(Attr.OBJID);
        JsonObject args = (JsonObject) Json.parse("{\"section\":\"interfaces\",\"interface\":\"wan\"}");
        assertArrayEquals(invoke.body().bytes(), Bodies.invoke(objid, "status", args));

        Recorded listen = Recorded.load("cli-listen");
        Message anon = listen.first(true, MsgType.ADD_OBJECT).message();
        assertArrayEquals(anon.body().bytes(), Bodies.addObject(null, List.of()));
        Message register = listen.first(true, MsgType.INVOKE).message();
        int listener = listen.first(false, MsgType.DATA).message().attrs().u32(Attr.OBJID);
        assertArrayEquals(register.body().bytes(), Bodies.registerEvent("network.interface", listener));

        Recorded sub = Recorded.load("cli-subscribe");
        Message subscribe = sub.first(true, MsgType.SUBSCRIBE).message();
        assertArrayEquals(subscribe.body().bytes(), Bodies.subscribe(subscribe.attrs().u32(Attr.OBJID),
                subscribe.attrs().u32(Attr.TARGET)));
        assertArrayEquals(sub.first(true, MsgType.LOOKUP).message().body().bytes(), Bodies.lookup("network.interface"));
    }

    @Test
    void theLookupAnswerCarriesTheSignatureUbusVListPrints() {
        Message data = Recorded.load("cli-list").first(false, MsgType.DATA).message();
        Attrs a = data.attrs();
        assertEquals("mwan3", a.string(Attr.OBJPATH));
        Blob sig = a.get(Attr.SIGNATURE);
        JsonObject methods = Blobmsg.readTable(sig);
        assertEquals(3, methods.get("status").get("section").asInt(0), "BLOBMSG_TYPE_STRING");
        assertEquals(3, methods.get("status").get("interface").asInt(0));
    }

    @Test
    void netifdsEventsAndNotificationsDecode() {
        Recorded listen = Recorded.load("cli-listen");
        List<String> actions = listen.frames().stream().filter(f -> !f.toUbusd())
                .map(Recorded.Frame::message).filter(m -> m.type() == MsgType.INVOKE)
                .map(m -> {
                    assertEquals("network.interface", m.attrs().string(Attr.METHOD));
                    assertEquals(0, m.peer(), "events come from ubusd itself");
                    return Blobmsg.readTable(m.attrs().get(Attr.DATA)).get("action").asText();
                }).toList();
        assertEquals(List.of("ifdown", "ifdown", "ifup"), actions);

        Message notify = Recorded.load("cli-subscribe").first(false, MsgType.INVOKE,
                a -> "interface.down".equals(a.string(Attr.METHOD))).message();
        assertEquals(1, notify.attrs().u8(Attr.NO_REPLY), "netifd notifies without waiting for replies");
        JsonObject d = Blobmsg.readTable(notify.attrs().get(Attr.DATA));
        assertEquals("wan", d.get("interface").asText());
        assertEquals(JsonBoolean.FALSE, d.get("up"));
    }

    @Test
    void malformedInputIsRefusedWithOneKindOfError() {
        byte[] hello = Recorded.load("cli-list").frames().get(0).bytes();
        byte[] shortBody = hello.clone();
        shortBody[11] = 3;
        assertThrows(BlobFormatException.class, () -> Message.decode(shortBody));
        byte[] huge = hello.clone();
        huge[9] = 0x20;
        assertThrows(BlobFormatException.class, () -> Message.bodyLength(huge, 0));
        assertThrows(BlobFormatException.class, () -> Message.decode(java.util.Arrays.copyOf(hello, 11)));

        byte[] nested = new BlobWriter().string(Attr.OBJPATH, "x").toBytes();
        nested[5] = 0x7f;
        assertThrows(BlobFormatException.class, () -> Attrs.parse(Blob.of(nested)));

        byte[] unterminated = new BlobWriter().string(Attr.METHOD, "abc").toBytes();
        unterminated[unterminated.length - 1] = 'd';
        assertNull(Attrs.parse(Blob.of(unterminated)).string(Attr.METHOD));
    }

    @Test
    void nestingIsBounded() {
        BlobWriter w = new BlobWriter();
        int d = w.nest(Attr.DATA);
        int[] open = new int[Blobmsg.MAX_DEPTH + 2];
        for (int i = 0; i < open.length; i++) {
            open[i] = w.table("t");
        }
        for (int i = open.length - 1; i >= 0; i--) {
            w.end(open[i]);
        }
        w.end(d);
        Blob data = Attrs.parse(Blob.of(w.toBytes())).get(Attr.DATA);
        BlobFormatException e = assertThrows(BlobFormatException.class, () -> Blobmsg.readTable(data));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    @Test
    void mutatedRecordingsFailOnlyAsMalformed() {
        java.util.Random rnd = new java.util.Random(14);
        int refused = 0;
        for (String name : Recorded.ALL) {
            for (Recorded.Frame f : Recorded.load(name).frames()) {
                for (int k = 0; k < 40; k++) {
                    byte[] b = f.bytes().clone();
                    for (int flips = 1 + rnd.nextInt(3); flips > 0; flips--) {
                        b[Message.HEADER + rnd.nextInt(b.length - Message.HEADER)] = (byte) rnd.nextInt(256);
                    }
                    try {
                        Message m = Message.decode(b);
                        Attrs a = m.attrs();
                        if (a.get(Attr.DATA) != null) {
                            Blobmsg.readTable(a.get(Attr.DATA));
                        }
                        if (a.get(Attr.SIGNATURE) != null) {
                            Blobmsg.readTable(a.get(Attr.SIGNATURE));
                        }
                    } catch (BlobFormatException expected) {
                        refused++;
                    }
                }
            }
        }
        assertTrue(refused > 100, "mutations refused: " + refused);
    }
}
