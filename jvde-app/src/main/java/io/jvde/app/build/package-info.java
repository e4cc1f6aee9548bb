/** Build-time steps run on the shaded jar by jvde-app's pom (never at run time). */
package io.jvde.app.build;
