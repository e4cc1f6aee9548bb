/** The switch: shared definitions of the switch-core module (errno-style result codes). */
package io.jvde.sw;
