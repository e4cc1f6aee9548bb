package io.jvde.app.console;

import io.jvde.primitives.Mac48;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bucket numbers as Debian's vde_switch 2.3.2 printed them in hash/print for a 128-bucket table. */
class VdeHashBucketTest {
    @ParameterizedTest(name = "{0} VLAN {1} -> {2}")
    @CsvSource({
        "02:00:00:00:00:0a, 0, 9",
        "02:00:00:00:00:0b, 0, 26",
        "52:54:00:12:01:01, 0, 80",
        "02:00:00:00:00:0a, 10, 63",
        "02:00:00:00:00:0b, 10, 32",
        "52:54:00:12:01:01, 10, 31",
    })
    void shouldPutAnEntryInTheBucketVdeSwitchPrints(final String mac, final int vid, final int bucket) {
        assertEquals(bucket, VdeHashBucket.of(vid, Mac48.parse(mac), 128));
    }

    @ParameterizedTest(name = "size {0}")
    @CsvSource({"1", "2", "64", "4096"})
    void shouldStayWithinTheTableSize(final int size) {
        for (int i = 0; i < 1000; i++) {
            final int b = VdeHashBucket.of(i % 4095, 0x0200_0000_0000L + i * 7919L, size);
            assertEquals(b, b & (size - 1), "bucket " + b + " of " + size);
        }
    }
}
