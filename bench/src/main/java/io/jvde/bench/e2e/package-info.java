/**
 * End-to-end benchmark: a load generator made of the project's own VDE clients (sendmmsg/recvmmsg), the driver that
 * runs it against a direct wire, vde_switch and jvde in separate processes, and the Markdown report.
 */
package io.jvde.bench.e2e;
