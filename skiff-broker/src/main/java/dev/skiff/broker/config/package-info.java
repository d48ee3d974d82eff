/** Broker settings. */
package dev.skiff.broker.config;
