/**
 * Pure: UCI text to validated mwan3 configuration records, driven by the schema files in
 * {@code uci-schema/}. Only {@link net.mwan3.config.ConfigLoader} touches the file system.
 */
package net.mwan3.config;
