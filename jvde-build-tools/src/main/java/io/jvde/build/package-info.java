/**
 * Build-time steps jvde-app's pom runs on the shaded jar (never at run time; this module is not shipped and nothing
 * that ships depends on it).
 */
package io.jvde.build;
