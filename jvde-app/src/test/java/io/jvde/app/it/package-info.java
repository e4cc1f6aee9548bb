/**
 * Acceptance tests against real peers (vde_plug, vde_plug2tap, QEMU, network namespaces), run by Failsafe after
 * the jar is packaged; each runs against Debian's vde_switch too unless a known vde_switch defect makes it fail there.
 */
package io.jvde.app.it;
