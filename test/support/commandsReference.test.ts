import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { commandsReference, exampleBatchMessage } from "./commandsReference.js";
import { testCli } from "./testCli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOC = fileURLToPath(new URL("../../docs/commands.md", import.meta.url));
const GRAPH_SOURCE = fileURLToPath(
  new URL("../../docs/images/example-batch-graph.mmd", import.meta.url),
);
// `npm run docs:commands` sets this to rewrite the files instead of comparing them.
const UPDATE = process.env.UPDATE_DOCS === "1";

describe("docs/commands.md", () => {
  it("is the --help of every command, as the CLI prints it now", async () => {
    const expected = await commandsReference();
    if (UPDATE) fs.writeFileSync(DOC, expected);
    expect(fs.readFileSync(DOC, "utf8")).toBe(expected);
  });

  it("every command's help has an example", async () => {
    for (const section of (await commandsReference()).split("\n## grove-pipelines ").slice(2)) {
      expect(section, section.split("\n")[0]).toMatch(/\nExamples:\n {2}\$ grove-pipelines /);
    }
  });
});

describe("README.md", () => {
  it("shows the top-level --help exactly as the CLI prints it", async () => {
    const r = await testCli(["--help"], { cwd: ROOT });
    const readme = fs.readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const block = /<!-- grove-pipelines --help -->\n```text\n([\s\S]*?)```\n<!-- end -->/.exec(
      readme,
    );
    expect(block?.[1]).toBe(r.stdout);
  });
});

describe("docs/images/example-batch-graph.mmd", () => {
  it("is what graph prints for the example batch (the PNG beside it is rendered from it)", async () => {
    const r = await testCli(
      ["graph", "--repo", "examples/cluster", "--message", exampleBatchMessage()],
      { cwd: ROOT },
    );
    expect(r.code).toBe(0);
    if (UPDATE) fs.writeFileSync(GRAPH_SOURCE, r.stdout);
    expect(fs.readFileSync(GRAPH_SOURCE, "utf8")).toBe(r.stdout);
  });
});
