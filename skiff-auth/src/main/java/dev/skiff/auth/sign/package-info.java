/**
 * Request signatures of the official ACL: the content and HMAC ({@link dev.skiff.auth.sign.AclSigner}),
 * credentials in the official JSON form, and the client-side hook that signs Skiff's own outgoing
 * requests with the inner credentials.
 */
package dev.skiff.auth.sign;
