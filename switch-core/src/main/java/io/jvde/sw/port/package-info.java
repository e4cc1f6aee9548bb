/** Ports and their endpoints (a VDE client, a tap device, or an in-process port), with per-port counters. */
package io.jvde.sw.port;
