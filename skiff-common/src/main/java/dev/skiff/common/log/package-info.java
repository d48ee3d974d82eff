/** Logging helpers shared by every module: a warning logged at most once per interval. */
package dev.skiff.common.log;
