/**
 * Test support shared by every module's tests through the {@code skiff-remoting} test jar: a
 * socketless {@link dev.skiff.remoting.testing.FakeChannel} and self-signed {@link
 * dev.skiff.remoting.testing.TestCertificates} generated at test time.
 */
package dev.skiff.remoting.testing;
