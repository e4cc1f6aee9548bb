/**
 * Allocation-free primitives every module may use, with no dependencies of their own: the hash mixer
 * ({@link io.jvde.primitives.Hash64}) and the open-addressing {@code long -> int} table
 * ({@link io.jvde.primitives.LongIntTable}) behind the lease, guard and circuit tables, and the MAC address codec
 * ({@link io.jvde.primitives.Mac48}) of the switch and the DHCP leaf; the system clocks as suppliers
 * ({@link io.jvde.primitives.SystemClock}) and the row order {@link io.jvde.primitives.ByFirstLong}, classes where a
 * start would otherwise link lambdas.
 */
package io.jvde.primitives;
