/** JMH benchmarks over the shipped classes (never copies of them). */
package io.jvde.bench;
