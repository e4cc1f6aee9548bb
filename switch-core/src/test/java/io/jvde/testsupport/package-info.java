/** Shared test fixtures of switch-core, published as its test-jar: frame builders and the allocation meter. */
package io.jvde.testsupport;
