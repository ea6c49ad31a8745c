/**
 * The package version: what `--version` prints, what `init` pins and vendors, and what every
 * generated pipeline's header names. A test keeps it equal to package.json's.
 */
export const VERSION = "0.1.0";
