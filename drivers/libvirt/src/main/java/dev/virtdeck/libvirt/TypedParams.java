package dev.virtdeck.libvirt;

import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an array of libvirt's {@code virTypedParameter} (as returned in a
 * {@code virDomainStatsRecord}) into a map, without a JNA Structure per element:
 *
 * <pre>
 * struct _virTypedParameter {
 *     char field[VIR_TYPED_PARAM_FIELD_LENGTH];   // 80 bytes, NUL-terminated
 *     int type;                                   // virTypedParameterType
 *     union { int i; unsigned int ui; long long l; unsigned long long ul;
 *             double d; char b; char *s; } value; // 8 bytes, 8-aligned
 * };                                              // 96 bytes on LP64
 * </pre>
 *
 * Integers become {@link Long} (unsigned ones read as unsigned; an unsigned long long above
 * {@link Long#MAX_VALUE} keeps its bits), doubles {@link Double}, booleans {@link Boolean},
 * strings {@link String}. A parameter of an unknown type is skipped.
 */
final class TypedParams {
    static final int FIELD_LENGTH = 80;
    static final int TYPE_INT = 1;
    static final int TYPE_UINT = 2;
    static final int TYPE_LLONG = 3;
    static final int TYPE_ULLONG = 4;
    static final int TYPE_DOUBLE = 5;
    static final int TYPE_BOOLEAN = 6;
    static final int TYPE_STRING = 7;

    /** Offset of {@code value}: after field and type, aligned to 8. */
    static final int VALUE_OFFSET = 88;
    /** sizeof(virTypedParameter). */
    static final int SIZE = 96;

    private TypedParams() {
    }

    /** @return the {@code n} parameters at {@code params}, by field name, in order */
    static Map<String, Object> read(Pointer params, int n) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, n * 2));
        if (params == null || n <= 0) return out;
        for (int i = 0; i < n; i++) {
            long base = (long) i * SIZE;
            String field = field(params.getByteArray(base, FIELD_LENGTH));
            int type = params.getInt(base + FIELD_LENGTH);
            long v = base + VALUE_OFFSET;
            Object value = switch (type) {
                case TYPE_INT -> (long) params.getInt(v);
                case TYPE_UINT -> Integer.toUnsignedLong(params.getInt(v));
                case TYPE_LLONG, TYPE_ULLONG -> params.getLong(v);
                case TYPE_DOUBLE -> params.getDouble(v);
                case TYPE_BOOLEAN -> params.getByte(v) != 0;
                case TYPE_STRING -> {
                    Pointer s = params.getPointer(v);
                    yield s == null ? null : s.getString(0, StandardCharsets.UTF_8.name());
                }
                default -> null;
            };
            if (value != null) out.put(field, value);
        }
        return out;
    }

    private static String field(byte[] raw) {
        int len = 0;
        while (len < raw.length && raw[len] != 0) len++;
        return new String(raw, 0, len, StandardCharsets.UTF_8);
    }
}
