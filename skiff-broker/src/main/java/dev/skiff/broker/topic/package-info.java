/** The broker's topic table (persisted, versioned) and the names of system topics. */
package dev.skiff.broker.topic;
