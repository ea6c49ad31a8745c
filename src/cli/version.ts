/** The package version `--version` prints and `init` pins in the parent pipeline. */
export const VERSION = "0.1.0";
