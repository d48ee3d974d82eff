/** The send path: send request processors, validation, rewrites and the appender into the store. */
package dev.skiff.broker.send;
