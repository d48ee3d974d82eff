/** The broker: the assembly of store, tables, processors and registration. */
package dev.skiff.broker;
