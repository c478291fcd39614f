package net.mwan3.model;

import java.util.Optional;

/**
 * One address selector of a rule ({@code src_ip}/{@code dest_ip}): an address with a prefix length
 * or with an arbitrary dotted mask. Users copy wiki rules such as {@code 0.0.0.1/0.0.0.1} (odd source
 * addresses), so a mask is kept as given when it is not a prefix and matched bitwise.
 */
public record AddressMatch(IpAddress network, IpAddress mask) {

    public AddressMatch {
        if (network.family() != mask.family()) {
            throw new IllegalArgumentException("address and mask of different families");
        }
        network = network.and(mask);
    }

    public Family family() {
        return network.family();
    }

    /** Parses {@code addr}, {@code addr/len} or {@code addr/dotted-mask}. */
    public static Optional<AddressMatch> parse(String text) {
        int slash = text.indexOf('/');
        String addrText = slash < 0 ? text : text.substring(0, slash);
        Optional<IpAddress> addr = IpAddress.parse(addrText);
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        Family family = addr.get().family();
        if (slash < 0) {
            return Optional.of(new AddressMatch(addr.get(), IpAddress.prefixMask(family, family.bits())));
        }
        String maskText = text.substring(slash + 1);
        if (!maskText.isEmpty() && maskText.chars().allMatch(c -> c >= '0' && c <= '9') && maskText.length() <= 3) {
            int len = Integer.parseInt(maskText);
            if (len > family.bits()) {
                return Optional.empty();
            }
            return Optional.of(new AddressMatch(addr.get(), IpAddress.prefixMask(family, len)));
        }
        Optional<IpAddress> mask = IpAddress.parse(maskText);
        if (mask.isEmpty() || mask.get().family() != family) {
            return Optional.empty();
        }
        return Optional.of(new AddressMatch(addr.get(), mask.get()));
    }

    /** The prefix length when the mask is a prefix, else -1. */
    public int prefixLength() {
        return mask.prefixLength();
    }

    public boolean isAny() {
        return prefixLength() == 0;
    }

    @Override
    public String toString() {
        int len = prefixLength();
        if (len < 0) {
            return network + "/" + mask;
        }
        return len == family().bits() ? network.toString() : network + "/" + len;
    }
}
