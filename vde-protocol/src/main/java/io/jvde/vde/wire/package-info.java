/** VDE control-stream messages (request v3, reply) as flyweights with named offsets; docs/protocol.md §2. */
package io.jvde.vde.wire;
