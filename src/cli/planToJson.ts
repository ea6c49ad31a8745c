import type { Plan } from "../plan/plan.js";

/**
 * The `plan --json` object of SPEC.md. Keys are written in a fixed order so the output is
 * byte-stable; `stage`, `wave` and `sources` are additions (SPEC allows more keys).
 */
export function planToJson(plan: Plan): unknown {
  return {
    directive: plan.directive,
    jobs: plan.jobs.map((j) => ({
      name: j.name,
      kind: j.kind,
      instance: j.instance,
      needs: j.needs,
      variables: j.variables,
      stage: j.stage,
      wave: j.wave,
    })),
    skipped: plan.skipped.map((s) => ({ instance: s.instance, reason: s.reason })),
    ...(plan.sources === undefined
      ? {}
      : {
          sources: plan.sources.map((s) => ({
            sha: s.sha,
            title: s.title,
            directive: s.directive,
          })),
        }),
  };
}
