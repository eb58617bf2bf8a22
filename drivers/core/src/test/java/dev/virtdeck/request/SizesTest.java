package dev.virtdeck.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
            "512, 512", "512M, 512", "512m, 512", "512MiB, 512", "512mib, 512", "512MIB, 512",
            "1G, 1024", "1g, 1024", "1GiB, 1024", "2gib, 2048", "1.5G, 1536", "0.5G, 512",
            "1024K, 1", "2048KiB, 2", "1T, 1048576", "1TiB, 1048576", "' 256M ', 256"})
    void parsesBinarySizesToMiB(String text, long mib) {
        assertEquals(mib, Sizes.parseMiB(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "512MB", "512B", "1.5", "-1", "0", "0G", "512K", "1 G", "12X", "G", "1.G",
            "1e3", "1/2"})
    void rejectsWhatIsNotAWholePositiveMiB(String text) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> Sizes.parseMiB(text));
        assertTrue(e.getMessage().startsWith("invalid size '" + text + "'"), e.getMessage());
    }

    @Test
    void pairsDefaultTheMaximumToTheCurrentValueAndLeaveTheirOrderToTheRequest() {
        assertArrayEquals(new long[]{256, 256}, Sizes.parseMiBPair("256M", "--memory"));
        assertArrayEquals(new long[]{192, 1024}, Sizes.parseMiBPair("192/1G", "--memory"));
        assertArrayEquals(new long[]{2048, 1024}, Sizes.parseMiBPair("2G/1G", "--memory"));
        assertArrayEquals(new int[]{1, 4}, Sizes.parseCountPair("1/4", "--vcpus"));
        assertArrayEquals(new int[]{2, 2}, Sizes.parseCountPair("2", "--vcpus"));
        assertEquals("--vcpus: expected N or N/MAX, got '1/2/3'",
                assertThrows(BadRequestException.class, () -> Sizes.parseCountPair("1/2/3", "--vcpus")).getMessage());
        assertEquals("--memory: expected SIZE or SIZE/MAX, got '1G/2G/3G'",
                assertThrows(BadRequestException.class, () -> Sizes.parseMiBPair("1G/2G/3G", "--memory")).getMessage());
        assertEquals("--vcpus: expected a positive whole number, got '0'",
                assertThrows(BadRequestException.class, () -> Sizes.parseCountPair("0", "--vcpus")).getMessage());
        assertThrows(BadRequestException.class, () -> Sizes.parseCountPair("two", "--vcpus"));
        assertThrows(BadRequestException.class, () -> Sizes.parseMiBPair("1G/0", "--memory"));
    }
}
