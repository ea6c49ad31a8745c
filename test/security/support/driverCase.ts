/** One CLI call for the driver (cliDriver.ts). */
export interface DriverCase {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly stdin?: string;
}

export interface DriverResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
