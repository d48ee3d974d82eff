/** Consumer-group (subscription group) configuration, persisted. */
package dev.skiff.broker.group;
