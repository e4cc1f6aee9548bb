/** End-to-end load generator: the project's own VDE clients blasting frames through a switch with sendmmsg. */
package io.jvde.bench.e2e;
