import { writeFileAtomic } from "../../../src/cli/writeFileAtomic.js";

/*
 * Entry point of a bundle, not a module tests import: writes argv[3] megabytes to argv[2] the way
 * `generate --output` does, so a test can send it a signal in the middle of a large write.
 */

const [file, megabytes] = process.argv.slice(2);
if (file === undefined || megabytes === undefined) throw new Error("usage: FILE MEGABYTES");
const line = `${"x".repeat(1023)}\n`;
writeFileAtomic(file, line.repeat(Number(megabytes) * 1024));
process.stdout.write("written\n");
