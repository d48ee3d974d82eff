/**
 * Test support shared by every module's tests through the {@code skiff-remoting} test jar: a
 * socketless {@link dev.skiff.remoting.testing.FakeChannel} and self-signed {@link
 * dev.skiff.remoting.testing.TestCertificates} generated at test time, and the one bounded wait
 * ({@link dev.skiff.remoting.testing.Await}) for conditions that give no event to wait on.
 */
package dev.skiff.remoting.testing;
