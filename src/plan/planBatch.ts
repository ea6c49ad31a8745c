import type { Settings } from "../repo/settings.js";
import { byText } from "../text.js";
import type { BatchDirective, InstanceEvaluation } from "./evaluateInstance.js";
import type { BaseImageKey } from "./jobNames.js";
import { baseImageJobNames, baseImageKeyId, instanceJobName, waveGateName } from "./jobNames.js";
import type { PlanJob } from "./plan.js";
import { planWaves } from "./planWaves.js";
import { BASE_IMAGE_STAGE, waveBuildStage, waveDeployStage, waveGateStage } from "./stages.js";

/**
 * The jobs of a batch over its selected instances, in pipeline order: one base image per distinct
 * (normalised repository, version) — or (repository, pinned commit) for UpgradeTo — as wave 0,
 * then per wave a gate (from wave 2 on), the builds, the deploys.
 *
 * A wave waits for the one before through a single gate job rather than by listing every earlier
 * deploy in each build's `needs`: GitLab caps `needs` per job, and one gate keeps each build's
 * list at two entries however large the waves are.
 */
export function planBatch(
  directive: BatchDirective,
  selected: readonly InstanceEvaluation[],
  settings: Settings,
): PlanJob[] {
  const kind = directive.kind;
  const commit = directive.kind === "batch-upgrade-to" ? directive.commit : null;
  const keyOf = (e: InstanceEvaluation): BaseImageKey => ({
    repository: e.normalizedRepository ?? "",
    ref: commit ?? e.version ?? "",
  });

  // The first selected instance (by name) of each base image supplies its repository as written.
  // Each instance's image is worked out once: a batch asks for it for every instance.
  const firstOfKey = new Map<string, { key: BaseImageKey; example: InstanceEvaluation }>();
  const imageOf = new Map<InstanceEvaluation, string>();
  for (const e of selected) {
    const key = keyOf(e);
    const id = baseImageKeyId(key);
    imageOf.set(e, id);
    if (!firstOfKey.has(id)) firstOfKey.set(id, { key, example: e });
  }
  const bases = [...firstOfKey.values()].sort(
    (a, b) => byText(a.key.repository, b.key.repository) || byText(a.key.ref, b.key.ref),
  );
  const baseNames = baseImageJobNames(bases.map((b) => b.key));
  const baseNameOf = (e: InstanceEvaluation): string => baseNames.get(imageOf.get(e) ?? "") ?? "";

  const jobs: PlanJob[] = bases.map(({ key, example }) => ({
    name: baseNames.get(baseImageKeyId(key)) ?? "",
    kind: "base-image",
    instance: null,
    needs: [],
    variables: {
      AUTODEPLOY_KIND: kind,
      EDX_PLATFORM_REPOSITORY: example.repository ?? "",
      // With a pinned commit the image is built from the commit; instances sharing it may be
      // configured with different versions, so no single version belongs to the image.
      ...(commit === null ? { EDX_PLATFORM_VERSION: key.ref } : { EDX_PLATFORM_COMMIT: commit }),
    },
    stage: BASE_IMAGE_STAGE,
    wave: 0,
  }));

  const byName = new Map(selected.map((e) => [e.instance.name, e]));
  const waves = planWaves(
    selected.map((e) => e.instance.name),
    settings.batch,
  );
  waves.forEach((members, index) => {
    const wave = index + 1;
    const gate = waveGateName(wave);
    const previous = waves[index - 1];
    if (previous !== undefined) {
      jobs.push({
        name: gate,
        kind: "wave-gate",
        instance: null,
        needs: previous.map((name) => instanceJobName("deploy", name)),
        variables: { AUTODEPLOY_KIND: kind, WAVE: String(wave) },
        stage: waveGateStage(wave),
        wave,
      });
    }
    const evaluations = members.flatMap((name) => byName.get(name) ?? []);
    const buildStage = waveBuildStage(wave);
    const deployStage = waveDeployStage(wave);
    // The build and the deploy of an instance share its (read-only) variables.
    const variables = evaluations.map((e) => instanceVariables(kind, e, commit));
    const builds = evaluations.map((e) => instanceJobName("build-image", e.instance.name));
    evaluations.forEach((e, i) => {
      jobs.push({
        name: builds[i] ?? "",
        kind: "build-image",
        instance: e.instance.name,
        needs: previous === undefined ? [baseNameOf(e)] : [baseNameOf(e), gate],
        variables: variables[i] ?? {},
        stage: buildStage,
        wave,
      });
    });
    evaluations.forEach((e, i) => {
      jobs.push({
        name: instanceJobName("deploy", e.instance.name),
        kind: "deploy",
        instance: e.instance.name,
        needs: [builds[i] ?? ""],
        variables: variables[i] ?? {},
        stage: deployStage,
        wave,
      });
    });
  });
  return jobs;
}

function instanceVariables(
  kind: BatchDirective["kind"],
  e: InstanceEvaluation,
  commit: string | null,
): Record<string, string> {
  const variables: Record<string, string> = {
    AUTODEPLOY_KIND: kind,
    INSTANCE_NAME: e.instance.name,
    EDX_PLATFORM_REPOSITORY: e.repository ?? "",
  };
  // UpgradeTo without targets selects instances that have no version at all.
  if (e.version !== null) variables["EDX_PLATFORM_VERSION"] = e.version;
  if (commit !== null) variables["EDX_PLATFORM_COMMIT"] = commit;
  return variables;
}
