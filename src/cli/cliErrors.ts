import { GrovePipelinesError } from "../errors.js";

/** The command line itself is wrong: exit code 2. */
export class UsageError extends GrovePipelinesError {
  constructor(message: string) {
    super("usage", message);
  }
}
