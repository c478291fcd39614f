package net.mwan3.kernel;

import java.util.List;

/**
 * What one reconcile did: how many changes it sent (netlink requests, nft transactions) and which
 * failed. Changes are applied independently (tailscale's {@code errs}), so one bad route does not
 * block the rules.
 */
public record ApplyResult(int mutations, List<KernelException> failures) {

    public ApplyResult {
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    /** Throws the first failure with the others suppressed, or returns this. */
    public ApplyResult orThrow() {
        if (failures.isEmpty()) {
            return this;
        }
        KernelException first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw first;
    }
}
