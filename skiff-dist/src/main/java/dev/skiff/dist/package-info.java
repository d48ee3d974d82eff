/** Process entry points: the `skiff` command and the standalone server. */
package dev.skiff.dist;
