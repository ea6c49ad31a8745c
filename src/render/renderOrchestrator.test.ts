import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { InternalError } from "../errors.js";
import { GENERATED_HEADER } from "./gitlabRenderer.js";
import {
  orchestratorJobs,
  renderOrchestrator,
  SHARD_GENERATOR_JOB,
  shardFileName,
} from "./renderOrchestrator.js";

const command = (shard: number, file: string) => [
  "grove-pipelines",
  "generate",
  "--shard",
  String(shard),
  "--output",
  file,
];

type Doc = Record<string, Record<string, unknown>>;

describe("renderOrchestrator", () => {
  it("generates every shard in one job, keeping the files as artifacts", () => {
    const text = renderOrchestrator(3, { generatorCommand: command, image: "tools:1" });
    expect(text.startsWith(GENERATED_HEADER)).toBe(true);
    const doc = yaml.load(text) as Doc;
    expect(Object.keys(doc)).toEqual([
      "stages",
      SHARD_GENERATOR_JOB,
      "shard-1",
      "shard-2",
      "shard-3",
    ]);
    expect(doc["stages"]).toEqual(["generate", "shard-1", "shard-2", "shard-3"]);
    expect(doc[SHARD_GENERATOR_JOB]).toEqual({
      stage: "generate",
      image: "tools:1",
      needs: [],
      script: [1, 2, 3].map((k) => `grove-pipelines generate --shard ${k} --output shard-${k}.yml`),
      artifacts: { paths: ["shard-1.yml", "shard-2.yml", "shard-3.yml"], expire_in: "1 week" },
    });
  });

  it("runs the shards strictly one after the other, each waiting for its pipeline", () => {
    const doc = yaml.load(renderOrchestrator(3, { generatorCommand: command })) as Doc;
    expect(doc[SHARD_GENERATOR_JOB]?.["image"]).toBeUndefined();
    const stages = doc["stages"] as unknown as string[];
    for (const k of [1, 2, 3]) {
      const job = doc[`shard-${k}`];
      expect(job?.["trigger"]).toEqual({
        include: [{ artifact: shardFileName(k), job: SHARD_GENERATOR_JOB }],
        strategy: "depend",
      });
      expect(job?.["needs"]).toEqual(
        k === 1 ? [SHARD_GENERATOR_JOB] : [SHARD_GENERATOR_JOB, `shard-${k - 1}`],
      );
      // Also by stage, so the order holds even where needs were not honoured.
      expect(stages.indexOf(job?.["stage"] as string)).toBe(k);
    }
  });

  it("quotes every argument, so nothing in it is expanded by the shell", () => {
    const doc = yaml.load(
      renderOrchestrator(1, {
        generatorCommand: () => ["grove-pipelines", "--repo", "my dir", "$HOME"],
      }),
    ) as Doc;
    expect(doc[SHARD_GENERATOR_JOB]?.["script"]).toEqual([
      "grove-pipelines --repo 'my dir' '$HOME'",
    ]);
  });

  it("is byte-identical for the same input", () => {
    expect(renderOrchestrator(2, { generatorCommand: command })).toBe(
      renderOrchestrator(2, { generatorCommand: command }),
    );
  });

  it("refuses a shard count that is not a positive integer (a bug of the caller)", () => {
    expect(() => renderOrchestrator(0, { generatorCommand: command })).toThrow(InternalError);
    expect(() => renderOrchestrator(1.5, { generatorCommand: command })).toThrow(InternalError);
  });

  it("lists the jobs it writes, with their needs, for the limit check", () => {
    const doc = yaml.load(renderOrchestrator(3, { generatorCommand: command })) as Doc;
    const written = Object.entries(doc)
      .filter(([name]) => name !== "stages")
      .map(([name, job]) => ({ name, needs: job["needs"] }));
    expect(orchestratorJobs(3)).toEqual(written);
  });
});
