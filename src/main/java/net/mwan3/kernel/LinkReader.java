package net.mwan3.kernel;

import java.util.Map;

import net.mwan3.model.LinkInfo;

/** Every device by name with its flags and usable addresses ({@link Rtnetlink} reads them from the kernel). */
@FunctionalInterface
public interface LinkReader {

    Map<String, LinkInfo> read();
}
