/**
 * A broker in controller mode ({@code enableControllerMode=true}): the {@link
 * dev.skiff.broker.controller.ControllerAgent} that finds the controller leader, gets and keeps a
 * broker id, registers, heart-beats and learns of role changes; the pure rules it acts by ({@link
 * dev.skiff.broker.controller.RoleDecision}, {@link dev.skiff.broker.controller.EpochHistory}); the
 * broker's {@link dev.skiff.broker.controller.EpochFile}; and the {@link
 * dev.skiff.broker.controller.RoleListener} seam through which a role change reaches the running
 * broker. See docs/controller.md, "What a broker in controller mode does".
 */
package dev.skiff.broker.controller;
