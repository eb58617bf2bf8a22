package dev.virtdeck.error;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Test
    void secondsAreWholeOrTenths() {
        assertEquals("5 s", Durations.seconds(Duration.ofSeconds(5)));
        assertEquals("0.6 s", Durations.seconds(Duration.ofMillis(600)));
        assertEquals("2.3 s", Durations.seconds(Duration.ofMillis(2345)));
        // an SSH timeout of 1500 ms, once written "1500 ms"
        assertEquals("1.5 s", Durations.seconds(Duration.ofMillis(1500)));
    }
}
