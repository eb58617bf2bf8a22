package dev.virtdeck.libvirt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** virTypedParameter arrays laid out in native memory as libvirt does (LP64), read back. */
class TypedParamsTest {

    /** Writes one parameter at index i; value written by {@code setter}. */
    private static void put(Memory m, int i, String field, int type, java.util.function.Consumer<Long> setter) {
        long base = (long) i * TypedParams.SIZE;
        byte[] name = field.getBytes(StandardCharsets.UTF_8);
        m.write(base, name, 0, name.length);
        m.setByte(base + name.length, (byte) 0);
        m.setInt(base + TypedParams.FIELD_LENGTH, type);
        setter.accept(base + TypedParams.VALUE_OFFSET);
    }

    @Test
    void readsEveryTypeByName() {
        Memory m = new Memory(8L * TypedParams.SIZE);
        m.clear();
        Memory str = new Memory(16);
        str.setString(0, "vda", StandardCharsets.UTF_8.name());
        put(m, 0, "state.state", TypedParams.TYPE_INT, v -> m.setInt(v, 5));
        put(m, 1, "vcpu.maximum", TypedParams.TYPE_UINT, v -> m.setInt(v, -1)); // 4294967295 unsigned
        put(m, 2, "x.llong", TypedParams.TYPE_LLONG, v -> m.setLong(v, -7L));
        put(m, 3, "balloon.current", TypedParams.TYPE_ULLONG, v -> m.setLong(v, 196608L));
        put(m, 4, "x.double", TypedParams.TYPE_DOUBLE, v -> m.setDouble(v, 1.5));
        put(m, 5, "x.bool", TypedParams.TYPE_BOOLEAN, v -> m.setByte(v, (byte) 1));
        put(m, 6, "block.0.name", TypedParams.TYPE_STRING, v -> m.setPointer(v, str));
        put(m, 7, "x.unknown", 99, v -> m.setLong(v, 1L));
        Map<String, Object> p = TypedParams.read(m, 8);
        assertEquals(List.of("state.state", "vcpu.maximum", "x.llong", "balloon.current", "x.double", "x.bool",
                "block.0.name"), List.copyOf(p.keySet()), "unknown type skipped, order kept");
        assertEquals(5L, p.get("state.state"));
        assertEquals(4294967295L, p.get("vcpu.maximum"));
        assertEquals(-7L, p.get("x.llong"));
        assertEquals(196608L, p.get("balloon.current"));
        assertEquals(1.5, p.get("x.double"));
        assertEquals(true, p.get("x.bool"));
        assertEquals("vda", p.get("block.0.name"));
    }

    @Test
    void fullLengthFieldAndNullStringAndEmpty() {
        Memory m = new Memory(TypedParams.SIZE * 2L);
        m.clear();
        String longName = "a".repeat(TypedParams.FIELD_LENGTH); // no NUL inside the 80 bytes
        m.write(0, longName.getBytes(StandardCharsets.UTF_8), 0, TypedParams.FIELD_LENGTH);
        m.setInt(TypedParams.FIELD_LENGTH, TypedParams.TYPE_INT);
        m.setInt(TypedParams.VALUE_OFFSET, 3);
        put(m, 1, "s", TypedParams.TYPE_STRING, v -> m.setPointer(v, Pointer.NULL));
        Map<String, Object> p = TypedParams.read(m, 2);
        assertEquals(Map.of(longName, 3L), p);
        assertTrue(TypedParams.read(null, 3).isEmpty());
        assertTrue(TypedParams.read(m, 0).isEmpty());
    }

    @Test
    void recordFromStatsNeedsStateBalloonAndVcpu() {
        Map<String, Object> shutoff = Map.of("state.state", 5L, "state.reason", 2L, "balloon.current", 196608L,
                "balloon.maximum", 262144L, "vcpu.current", 1L, "vcpu.maximum", 2L);
        LibvirtExtras.DomainRecord r = LibvirtExtras.fromStats("vd-x", "u-1", shutoff);
        assertEquals(new LibvirtExtras.DomainRecord("vd-x", "u-1", 5, 2, 196608L, 262144L, 1, 2, false, false, 0L), r,
                "shut off without cpu.time: 0 like virDomainGetInfo");
        // qemu reports a cpu.time for shut-off domains that is not theirs: 0 like virDomainGetInfo
        Map<String, Object> shutoffWithCpu = new java.util.HashMap<>(shutoff);
        shutoffWithCpu.put("cpu.time", 10_110_000_000L);
        assertEquals(0L, LibvirtExtras.fromStats("vd-x", "u-1", shutoffWithCpu).cpuTimeNs());
        // crashed: maybe active, maybe not; read the old way
        Map<String, Object> crashed = new java.util.HashMap<>(shutoffWithCpu);
        crashed.put("state.state", 6L);
        assertNull(LibvirtExtras.fromStats("vd-x", "u-1", crashed));
        // a running domain needs cpu.time: without it the record is read the old way
        Map<String, Object> running = new java.util.HashMap<>(shutoff);
        running.put("state.state", 1L);
        assertNull(LibvirtExtras.fromStats("vd-x", "u-1", running));
        running.put("cpu.time", 123456789L);
        assertEquals(123456789L, LibvirtExtras.fromStats("vd-x", "u-1", running).cpuTimeNs());
        // the test driver reports state only
        assertNull(LibvirtExtras.fromStats("t", "u", Map.of("state.state", 1L, "state.reason", 0L)));
    }

    @Test
    void runningRecordFromStatsCarriesUsageShutOffNone() {
        Map<String, Object> running = new java.util.HashMap<>(Map.of("state.state", 1L, "state.reason", 1L,
                "balloon.current", 262144L, "balloon.maximum", 262144L, "vcpu.current", 1L, "vcpu.maximum", 2L,
                "cpu.time", 5L, "balloon.rss", 218364L, "block.count", 1L, "net.count", 0L));
        running.put("block.0.rd.bytes", 4096L);
        running.put("block.0.wr.bytes", 512L);
        running.put("block.0.name", "vda"); // a string: not a counter
        LibvirtExtras.DomainRecord r = LibvirtExtras.fromStats("vd-x", "u-1", running);
        assertEquals(new dev.virtdeck.driver.VmInfo.Usage(null, 218364L, 4096L, 512L, 0L, 0L), r.usage());
        Map<String, Object> shutoff = new java.util.HashMap<>(running);
        shutoff.put("state.state", 5L);
        assertNull(LibvirtExtras.fromStats("vd-x", "u-1", shutoff).usage());
    }
}
