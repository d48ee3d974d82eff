/**
 * The failover controller's wire protocol: its request and response codes ({@link
 * dev.skiff.remoting.protocol.controller.ControllerCodes}), the typed headers of each request and
 * response, and the JSON bodies ({@link dev.skiff.remoting.protocol.controller.ControllerBodies}).
 * Field names and codes are the official controller's, so the official broker and {@code mqadmin}
 * speak to a Skiff controller unchanged. Brokers use these same types to call the controller.
 */
package dev.skiff.remoting.protocol.controller;
