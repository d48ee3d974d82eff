/** The name server: route registry, broker liveness, KV config, request processors. */
package dev.skiff.namesrv;
