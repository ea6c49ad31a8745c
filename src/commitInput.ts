/** One commit whose title may carry a directive. `sha` is null when the message came from a flag. */
export interface CommitInput {
  readonly sha: string | null;
  readonly message: string;
}
