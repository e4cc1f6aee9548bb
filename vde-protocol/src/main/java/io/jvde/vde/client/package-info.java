/** jvde's own VDE client: attaches to any VDE switch like libvdeplug does; used by tests and the load generator. */
package io.jvde.vde.client;
