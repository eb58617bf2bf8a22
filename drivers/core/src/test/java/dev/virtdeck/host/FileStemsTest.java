package dev.virtdeck.host;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileStemsTest {

    /** Stems name files already on hosts (xl configs, save images): the hash must never change. */
    @Test
    void stemIsTheSafeNameAndTheFirstFourBytesOfItsSha256() {
        assertEquals("a_b-c8687a08", FileStems.of("a b"));
        assertEquals("_vd_x-3ce32ba9", FileStems.of("-vd x"));
    }
}
