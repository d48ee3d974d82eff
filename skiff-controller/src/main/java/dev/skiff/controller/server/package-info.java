/**
 * The controller process: its config, the request processor that serves the controller protocol
 * on a Skiff remoting server, the role-change notifier and the assembly ({@link
 * dev.skiff.controller.server.ControllerServer}).
 */
package dev.skiff.controller.server;
