/**
 * What each request code needs: the request tables of broker and name server
 * ({@link dev.skiff.auth.rules.RequestRules}), the resources read from a request, and the policy
 * decision ({@link dev.skiff.auth.rules.Authorizer}).
 */
package dev.skiff.auth.rules;
