/**
 * Test fakes shared by processor-level tests: a request context that records its one answer, a
 * channel that is only an address, a store whose answers a test can script over a real store, a
 * listener that lets a test wait for a record to be dispatched, an executor the test drains
 * itself, and a bed that opens the broker tables and a real store on a temporary directory with a
 * manual clock. None of them opens a socket.
 */
package dev.skiff.broker.testing;
