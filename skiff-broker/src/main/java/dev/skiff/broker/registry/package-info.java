/** Registration of the broker with the name servers. */
package dev.skiff.broker.registry;
