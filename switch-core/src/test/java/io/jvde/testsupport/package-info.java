/**
 * Shared test fixtures of switch-core, published as its test-jar: frame builders, the allocation meter, and the
 * real-peer harness (requirements that skip or fail under CI, managed processes, network namespaces, vde_plug peers,
 * switches under test).
 */
package io.jvde.testsupport;
