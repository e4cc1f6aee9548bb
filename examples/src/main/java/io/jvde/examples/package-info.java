/** Small programs that show how to embed and drive jvde. */
package io.jvde.examples;
