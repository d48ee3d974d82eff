/**
 * Typed config keys declared once ({@link dev.skiff.common.config.ConfigKey}: name, type, default,
 * bounds, doc, live flag), grouped per component ({@link dev.skiff.common.config.ConfigKeys}), bound
 * to a component's config record from properties and back ({@link
 * dev.skiff.common.config.ConfigBinder}), and rendered into the docs ({@link
 * dev.skiff.common.config.ConfigDocs}).
 */
package dev.skiff.common.config;
