package net.mwan3.ubus;

import net.mwan3.json.JsonObject;

/**
 * Follows other objects over a session: gets the session once it is up (to register events,
 * subscribe and call), every event or notification that reaches the session's listener object,
 * and the end of the session. All calls arrive on the ubus thread.
 */
public interface Listener {

    /** The session is up and the listener object registered: from here it may listen, subscribe and call. */
    void connected(Session session);

    /** An event ({@code type} is its id) or a notification ({@code type} is its method) arrived. */
    void received(Session session, String type, JsonObject data);

    /** Called on the ubus thread about once a second while a session is up. */
    void tick(Session session, long nowNanos);

    /** The session ended (ubusd gone or broken); a new one will follow when ubusd is back. */
    void lost();
}
