package dev.virtdeck.driver;

import dev.virtdeck.error.InvalidRequestException;

import java.util.function.Predicate;

/**
 * What a lifecycle action reports when the hypervisor refused it because of the VM's state, which
 * the driver had read just before: another client (a second virtdeck, virsh, the guest itself)
 * changed the state in between. The state is read again and decides: already where the action
 * wanted it, the action is ok ("already running"), as if it had looked a moment later; anywhere
 * else, the refusal stands and says what the state is now, so the message is never stale.
 */
public final class LostRace {
    private LostRace() {
    }

    /**
     * @param refused the hypervisor's refusal of the action
     * @param now     the VM's state read after the refusal
     * @param wanted  the states in which the action has nothing left to do
     * @param already the ok message then, e.g. "already running"
     * @return an ok result when {@code now} is wanted
     * @throws InvalidRequestException the refusal, with "(the VM is now STATE)" appended, otherwise
     */
    public static OpResult settle(InvalidRequestException refused, VmState now, Predicate<VmState> wanted,
                                  String already) {
        if (wanted.test(now)) return new OpResult(already, refused.command());
        throw new InvalidRequestException(refused.host(), refused.vm(), refused.command(),
                refused.detail() + " (the VM is now " + now.label() + ")", refused);
    }
}
