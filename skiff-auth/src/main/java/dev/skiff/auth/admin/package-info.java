/** The broker's answers to the official user and ACL management requests (codes 3001–3010). */
package dev.skiff.auth.admin;
