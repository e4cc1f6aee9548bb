/**
 * Lease state per scope in primitive arrays and hash maps (constant or logarithmic cost per operation, independent
 * of pool size), with an append-only, checksummed journal that is replayed at start and compacted by atomic rename.
 */
package io.jvde.dhcp.lease;
