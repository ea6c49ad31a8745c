import { z } from "zod";

/*
 * What `plan --json` prints (SPEC.md, "The plan"), read back for tests that check a run against
 * the plan the product made. Only the keys tests read; the CLI may print more.
 */

const planJsonJob = z.object({
  name: z.string(),
  kind: z.string(),
  instance: z.string().nullable(),
  needs: z.array(z.string()),
  variables: z.record(z.string(), z.string()),
  stage: z.string(),
  wave: z.number().nullable(),
});

const planJson = z.object({
  jobs: z.array(planJsonJob),
  skipped: z.array(z.object({ instance: z.string(), reason: z.string() })),
});

export type PlanJsonJob = Readonly<z.infer<typeof planJsonJob>>;

export interface PlanJson {
  readonly jobs: readonly PlanJsonJob[];
  readonly skipped: readonly { readonly instance: string; readonly reason: string }[];
}

/** Parses `plan --json` output; throws, naming the key, when it is not a plan. */
export function parsePlanJson(text: string): PlanJson {
  return planJson.parse(JSON.parse(text));
}
