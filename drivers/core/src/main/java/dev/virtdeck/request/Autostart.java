package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;

import java.util.List;
import java.util.Locale;

/** Turns a VM's autostart on or off (started with the host's hypervisor service). */
public record Autostart(boolean on) implements VmRequest {

    /** @param word {@code on} or {@code off} */
    public static Autostart parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "on" -> new Autostart(true);
            case "off" -> new Autostart(false);
            default -> throw new BadRequestException("autostart takes on or off, not '" + word + "'");
        };
    }

    @Override
    public Operation operation() {
        return Operation.AUTOSTART;
    }

    @Override
    public List<String> cliArguments() {
        return List.of(on ? "on" : "off");
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return Refusal.require(this, driver, vm).setAutostart(vm, on);
    }

    /** The listing does not carry autostart, so the plan cannot tell "already"; libvirt takes either. */
    @Override
    public Forecast forecast(VmInfo vm) {
        if (Boolean.FALSE.equals(vm.persistent())) return Forecast.refused("a transient VM has no autostart");
        return Forecast.wouldRun("would turn autostart " + (on ? "on" : "off"));
    }
}
