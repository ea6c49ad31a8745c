import type { Settings } from "../repo/settings.js";
import { InternalError } from "../errors.js";
import { byText } from "../text.js";
import type { BaseImageKey, PlanJob } from "./plan.js";
import {
  BASE_IMAGE_STAGE,
  baseImageJobNames,
  baseImageKeyId,
  instanceEnvironment,
  instanceJobName,
  verifyJob,
  waveBuildStage,
  waveDeployStage,
  waveGateName,
  waveGateStage,
  waveVerifyStage,
} from "./plan.js";
import type { BatchDirective, BatchSelection, InstanceEvaluation } from "./selectBatch.js";

/**
 * The jobs of a batch over its selected instances, in pipeline order: one base image per distinct
 * (normalised repository, version) — or (repository, pinned commit) for UpgradeTo — as wave 0,
 * then per wave a gate (from wave 2 on), the builds, the deploys, and with `verify` (the
 * cluster's templates define `.grove-verify`) a verify job per deploy.
 *
 * A wave waits for the one before through a single gate job rather than by listing every earlier
 * deploy in each build's `needs`: GitLab caps `needs` per job, and one gate keeps each build's
 * list at two entries however large the waves are.
 */
export function planBatch(
  { directive, selected }: BatchSelection,
  settings: Settings,
  verify = false,
): PlanJob[] {
  const kind = directive.kind;
  const commit = directive.kind === "batch-upgrade-to" ? directive.commit : null;

  // Each instance's image is worked out once: a batch asks for it for every instance. The first
  // selected instance (by name) of each base image supplies its repository as written.
  const images = new Map<string, SelectedImage>();
  const byName = new Map<string, { e: InstanceEvaluation; image: SelectedImage }>();
  for (const e of selected) {
    const image = selectedImage(e, commit);
    if (!images.has(image.id)) images.set(image.id, image);
    byName.set(e.instance.name, { e, image });
  }
  const bases = [...images.values()].sort(
    (a, b) => byText(a.key.repository, b.key.repository) || byText(a.key.ref, b.key.ref),
  );
  const baseNames = baseImageJobNames(bases.map((b) => b.key));
  const baseNameOf = (id: string): string => found(baseNames.get(id), `base image ${id}`);

  const jobs: PlanJob[] = bases.map((image) => ({
    name: baseNameOf(image.id),
    kind: "base-image",
    instance: null,
    needs: [],
    variables: {
      AUTODEPLOY_KIND: kind,
      EDX_PLATFORM_REPOSITORY: image.repository,
      // With a pinned commit the image is built from the commit; instances sharing it may be
      // configured with different versions, so no single version belongs to the image.
      ...(commit === null
        ? { EDX_PLATFORM_VERSION: image.key.ref }
        : { EDX_PLATFORM_COMMIT: commit }),
    },
    stage: BASE_IMAGE_STAGE,
    wave: 0,
  }));

  const waves = planWaves(
    selected.map((e) => e.instance.name),
    settings.batch,
  );
  const ahead = Math.max(0, Math.floor(settings.batch.buildAhead));
  waves.forEach((members, index) => {
    const wave = index + 1;
    const gate = waveGateName(wave);
    const previous = waves[index - 1];
    if (previous !== undefined) {
      // The wave before has finished when its deploys (and their checks) have succeeded.
      const finished = previous.map((name) => instanceJobName("deploy", name));
      if (verify) for (const name of previous) finished.push(instanceJobName("verify", name));
      jobs.push({
        name: gate,
        kind: "wave-gate",
        instance: null,
        needs: finished,
        variables: { AUTODEPLOY_KIND: kind, WAVE: String(wave) },
        stage: waveGateStage(wave),
        wave,
      });
    }
    const instances = members.map((name) => {
      const { e, image } = found(byName.get(name), `instance ${name}`);
      return {
        name,
        build: instanceJobName("build-image", name),
        base: baseNameOf(image.id),
        // The build and the deploy of an instance share its (read-only) variables.
        variables: instanceVariables(kind, e, image.repository, commit),
        environment: instanceEnvironment(e.instance, settings),
      };
    });
    // Builds touch no running instance, so they may run up to `buildAhead` waves ahead of the
    // deploys: a wave's builds wait for the gate `buildAhead` waves before their own. Deploys
    // always wait for their own wave's gate, so the deploy order stays exactly the wave order.
    const buildGate = wave - ahead;
    const buildStage = waveBuildStage(wave);
    for (const i of instances) {
      jobs.push({
        name: i.build,
        kind: "build-image",
        instance: i.name,
        needs: buildGate >= 2 ? [i.base, waveGateName(buildGate)] : [i.base],
        variables: i.variables,
        stage: buildStage,
        wave,
      });
    }
    const deployStage = waveDeployStage(wave);
    const deploys = instances.map((i): PlanJob => ({
      name: instanceJobName("deploy", i.name),
      kind: "deploy",
      instance: i.name,
      // With builds ahead, the build no longer carries the wait for the wave before.
      needs: previous === undefined || ahead === 0 ? [i.build] : [i.build, gate],
      variables: i.variables,
      stage: deployStage,
      wave,
      environment: i.environment,
    }));
    for (const deploy of deploys) jobs.push(deploy);
    // A stage of their own between the deploys and the next gate, which waits for every earlier
    // stage: a failed check stops the waves after it.
    if (verify) for (const deploy of deploys) jobs.push(verifyJob(deploy, waveVerifyStage(wave)));
  });
  return jobs;
}

/** The base image a selected instance is built from, and the instance's repository as written. */
interface SelectedImage {
  readonly key: BaseImageKey;
  readonly id: string;
  readonly repository: string;
}

/**
 * The batch rules select only instances with a repository, and with a version unless the
 * directive pins a commit.
 */
function selectedImage(e: InstanceEvaluation, commit: string | null): SelectedImage {
  const ref = commit ?? e.version;
  if (e.repository === null || e.normalizedRepository === null || ref === null) {
    throw new InternalError(
      `batch selected '${e.instance.name}', which lacks a repository or version`,
    );
  }
  const key = { repository: e.normalizedRepository, ref };
  return { key, id: baseImageKeyId(key), repository: e.repository };
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new InternalError(`the batch plan lost ${what}`);
  return value;
}

function instanceVariables(
  kind: BatchDirective["kind"],
  e: InstanceEvaluation,
  repository: string,
  commit: string | null,
): Record<string, string> {
  const variables: Record<string, string> = {
    AUTODEPLOY_KIND: kind,
    INSTANCE_NAME: e.instance.name,
    EDX_PLATFORM_REPOSITORY: repository,
  };
  // UpgradeTo without targets selects instances that have no version at all.
  if (e.version !== null) variables["EDX_PLATFORM_VERSION"] = e.version;
  if (commit !== null) variables["EDX_PLATFORM_COMMIT"] = commit;
  return variables;
}

/**
 * Splits the selected instances (in name order) into rollout waves; element 0 is wave 1.
 *
 * The canary wave holds the selected `canaryInstances` in the settings' order, topped up to
 * `canary` with the first other selected instances by name; it is left out when it would be
 * empty. The rest follow in waves of at most `waveSize`, in name order. Out-of-range numbers
 * (which the settings schema rejects) are clamped rather than trusted: a wave size below 1 would
 * never finish.
 */
export function planWaves(
  selected: readonly string[],
  batch: Pick<Settings["batch"], "canary" | "canaryInstances" | "waveSize">,
): string[][] {
  const chosen = new Set(selected);
  const canary: string[] = [];
  for (const name of batch.canaryInstances) {
    if (chosen.has(name) && !canary.includes(name)) canary.push(name);
  }
  const want = Math.max(0, Math.floor(batch.canary));
  for (const name of selected) {
    if (canary.length >= want) break;
    if (!canary.includes(name)) canary.push(name);
  }
  const inCanary = new Set(canary);
  const rest = selected.filter((name) => !inCanary.has(name));
  const size = Math.max(1, Math.floor(batch.waveSize));
  const waves: string[][] = canary.length > 0 ? [canary] : [];
  for (let i = 0; i < rest.length; i += size) waves.push(rest.slice(i, i + size));
  return waves;
}
