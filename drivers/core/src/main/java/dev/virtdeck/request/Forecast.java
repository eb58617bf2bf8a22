package dev.virtdeck.request;

/**
 * What a request would do to one VM, judged from the VM as listed, without contacting its host.
 *
 * @param outcome never {@link PlanOutcome#HOST_ERROR}: that is decided before a VM is looked at
 * @param message what would happen, or why not ("already running", "would start")
 */
public record Forecast(PlanOutcome outcome, String message) {

    static Forecast wouldRun(String message) {
        return new Forecast(PlanOutcome.WOULD_RUN, message);
    }

    static Forecast nothingToDo(String message) {
        return new Forecast(PlanOutcome.NOTHING_TO_DO, message);
    }

    static Forecast refused(String message) {
        return new Forecast(PlanOutcome.REFUSED, message);
    }
}
