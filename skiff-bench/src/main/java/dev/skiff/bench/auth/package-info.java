/**
 * Authentication and authorization for the side-by-side runs ({@code bench compare --auth}): the
 * server keys that switch both checks on in Skiff and in Apache RocketMQ 5.5, the normal user the
 * load clients sign as, and its Allow policy, created through the official admin requests.
 */
package dev.skiff.bench.auth;
