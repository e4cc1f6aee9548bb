/** The switch event loop: one thread owns ports, endpoints, the MAC table and VLANs; others send it commands. */
package io.jvde.sw.engine;
