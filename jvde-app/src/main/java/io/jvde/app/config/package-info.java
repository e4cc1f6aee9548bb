/** Configuration files: YAML read with the line of every value, for errors that name FILE:LINE. */
package io.jvde.app.config;
