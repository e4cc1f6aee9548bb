/** Embedding: a switch in the same JVM as its clients. */
package io.jvde.examples.embedded;
