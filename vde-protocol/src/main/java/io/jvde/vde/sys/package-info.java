/** Direct libc bindings (through jffi) and hand-laid-out native structures: the allocation-free I/O floor of the switch. */
package io.jvde.vde.sys;
