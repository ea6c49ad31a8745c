import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../test/support/goldenScenarios.js";
import { generatePipeline } from "./generatePipeline.js";
import type { GeneratedPipeline } from "./generatePipeline.js";

/*
 * A sharded batch pushed with Terraform work: the orchestrator, not a shard, runs the Terraform
 * pipeline, since from a shard it would be nested deeper than GitLab allows. The fixture cluster
 * `sharded` (six instances, at most 8 jobs per pipeline) does not fit a batch of all six in one.
 */

const SHARDED = path.join(PROJECT_ROOT, "test", "fixtures", "clusters", "sharded");
const INFRASTRUCTURE = "[AutoDeploy][Infrastructure] Grow the node pool";
const BATCH = "[AutoDeploy][Batch][Upgrade] *|*";

type Doc = Record<string, Record<string, unknown>>;

function generate(messages: readonly string[], shard?: number | "all"): GeneratedPipeline {
  const commits = messages.map((message, i) => ({ sha: `${i + 1}`.repeat(40), message }));
  const result = generatePipeline(SHARDED, commits, { env: {}, ...(shard ? { shard } : {}) });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

const jobNames = (text: string): string[] =>
  Object.keys(yaml.load(text) as Doc).filter((k) => k !== "stages" && !k.startsWith("."));

describe("a sharded batch pushed with Terraform work", () => {
  it("runs the Terraform pipeline from the orchestrator, before shard 1", () => {
    const generated = generate([INFRASTRUCTURE, BATCH]);
    expect(generated.shards).toBeGreaterThan(1);
    const doc = yaml.load(generated.yaml) as Doc;
    expect(doc["stages"]).toEqual([
      "generate",
      "terraform",
      ...Array.from({ length: generated.shards }, (_, i) => `shard-${i + 1}`),
    ]);
    expect(doc["generate-shards"]?.["artifacts"]).toMatchObject({
      paths: [
        "terraform.yml",
        ...Array.from({ length: generated.shards }, (_, i) => `shard-${i + 1}.yml`),
      ],
    });
    expect(doc["terraform"]).toEqual({
      stage: "terraform",
      needs: ["generate-shards"],
      resource_group: "terraform",
      trigger: {
        include: [{ artifact: "terraform.yml", job: "generate-shards" }],
        strategy: "depend",
      },
    });
    expect(doc["shard-1"]?.["needs"]).toEqual(["generate-shards", "terraform"]);
    expect(doc["shard-2"]?.["needs"]).toEqual(["generate-shards", "shard-1"]);
  });

  it("writes the Terraform pipeline beside the shards, and shard 1 without its jobs", () => {
    const all = generate([INFRASTRUCTURE, BATCH], "all");
    const files = all.shardFiles ?? [];
    expect(files.length).toBe(generate([INFRASTRUCTURE, BATCH]).shards);
    expect(jobNames(all.terraformFile ?? "")).toEqual(["terraform-plan", "terraform-apply"]);
    const terraform = yaml.load(all.terraformFile ?? "") as Doc;
    expect(terraform["terraform-apply"]?.["needs"]).toEqual(["terraform-plan"]);
    // The orchestrator's trigger job holds the lock; the jobs asking for it too would deadlock.
    expect(terraform["terraform-plan"]?.["resource_group"]).toBeUndefined();
    for (const file of files) {
      const names = jobNames(file);
      expect(names.filter((n) => n.startsWith("terraform"))).toEqual([]);
      // No shard waits for a job that is not in it.
      const doc = yaml.load(file) as Doc;
      for (const name of names) {
        for (const need of (doc[name]?.["needs"] as string[] | undefined) ?? []) {
          expect(names, `${name} needs ${need}`).toContain(need);
        }
      }
    }
    // --shard K writes what --all-shards writes for shard K.
    expect(generate([INFRASTRUCTURE, BATCH], 1).yaml).toBe(files[0]);
  });

  it("has no Terraform trigger or file when the batch comes alone", () => {
    const doc = yaml.load(generate([BATCH]).yaml) as Doc;
    expect(doc["terraform"]).toBeUndefined();
    expect(doc["shard-1"]?.["needs"]).toEqual(["generate-shards"]);
    expect(doc["generate-shards"]?.["artifacts"]).toMatchObject({
      paths: ["shard-1.yml", "shard-2.yml"],
    });
    expect(generate([BATCH], "all").terraformFile).toBeUndefined();
  });
});
