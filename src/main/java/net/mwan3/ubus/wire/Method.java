package net.mwan3.ubus.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A method of a ubus object as its signature declares it: the name and each argument's blobmsg
 * type, in order. {@code ubus -v list} prints these ({@code "section":"String"}).
 */
public record Method(String name, Map<String, BlobmsgType> args) {

    public Method {
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }
}
