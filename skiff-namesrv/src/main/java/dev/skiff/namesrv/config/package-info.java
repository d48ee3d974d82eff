/** The name server's settings: one immutable record with every key and default, and its live holder. */
package dev.skiff.namesrv.config;
