/** Small file utilities: atomic replacement with one backup. */
package dev.skiff.common.io;
