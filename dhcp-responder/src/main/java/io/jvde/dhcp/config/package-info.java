/**
 * Immutable, validated DHCP settings (scopes per VLAN, reservations, boot rules) built once before the responder
 * starts; validation errors name the field path, the value and the expectation.
 */
package io.jvde.dhcp.config;
