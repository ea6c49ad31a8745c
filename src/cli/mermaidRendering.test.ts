import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../plan/plan.js";
import { renderMermaid } from "../render/renderGraph.js";
import { batchPlan, updatePlan } from "../../test/support/samplePlans.js";
import { testCli } from "../../test/support/testCli.js";

/*
 * The Mermaid we print must be a diagram, not an error box: render it for real with
 * @mermaid-js/mermaid-cli in Debian's Chromium (installed by scripts/ensure-system-deps.mjs; no
 * browser is downloaded). One mmdc run renders every diagram of one Markdown file, so the browser
 * starts once.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = path.join(ROOT, "examples/cluster");
const MMDC = path.join(ROOT, "node_modules/.bin/mmdc");
const PUPPETEER_CONFIG = path.join(ROOT, "scripts/puppeteer-config.json");
const BATCH =
  "[AutoDeploy][Batch][Upgrade] https://github.com/openedx/edx-platform.git|open-release/quince.3," +
  "https://github.com/open-craft/edx-platform.git|*";

function hostilePlan(): Plan {
  const base = updatePlan([{ name: "x", id: "7" }]);
  const [build, deploy] = base.jobs;
  if (build === undefined || deploy === undefined) throw new Error("sample plan is short");
  const name = 'odd"] --> end; <script>#x`y`&amp;';
  return {
    ...base,
    jobs: [
      { ...build, name },
      { ...deploy, needs: [name] },
    ],
  };
}

let dir = "";
let svgs: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "grove-mermaid-"));
  const cli = async (argv: string[]): Promise<string> => {
    const r = await testCli(argv, { cwd: ROOT });
    if (r.code !== 0) throw new Error(`grove-pipelines ${argv.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  const fence = (text: string): string => `\`\`\`mermaid\n${text}\`\`\`\n`;
  const doc = [
    fence(await cli(["graph", "--repo", EXAMPLE, "--message", BATCH])),
    fence(
      await cli([
        "graph",
        "--repo",
        EXAMPLE,
        "--message",
        "[AutoDeploy][Create] demo|42,stark-labs",
      ]),
    ),
    // plan --format markdown embeds its own ```mermaid block.
    await cli(["plan", "--format", "markdown", "--repo", EXAMPLE, "--message", BATCH]),
    fence(renderMermaid(hostilePlan())),
    fence(
      renderMermaid(
        batchPlan([
          ["c0"],
          ...[1, 2, 3].map((w) => Array.from({ length: 25 }, (_, i) => `i${w}-${i}`)),
        ]),
      ),
    ),
  ].join("\n");
  fs.writeFileSync(path.join(dir, "graphs.md"), doc);
  execFileSync(
    MMDC,
    ["-q", "-p", PUPPETEER_CONFIG, "-i", "graphs.md", "-o", "rendered.md", "-e", "svg"],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 },
  );
  svgs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".svg"))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
}, 180_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Mermaid output rendered by mermaid-cli in Chromium", () => {
  it("renders every diagram (mmdc fails on any syntax error)", () => {
    expect(svgs).toHaveLength(5);
    for (const svg of svgs) {
      expect(svg).toMatch(/^<svg /);
      expect(svg).not.toContain("Syntax error");
    }
  });

  it("draws the jobs, stages and waves of the example batch", () => {
    const [graph] = svgs;
    for (const text of ["deploy:demo", "wave-gate:3", "wave-2-build", "wave 3", "base-image"]) {
      expect(graph).toContain(text);
    }
  });

  it("draws the deployment id of a Create and the graph embedded in plan --format markdown", () => {
    expect(svgs[1]).toContain("deployment 42");
    expect(svgs[1]).toContain("terraform-apply");
    expect(svgs[2]).toContain("deploy:initech-academy");
  });

  it("shows a hostile job name as text, not as markup", () => {
    const svg = svgs[3] ?? "";
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });

  it("renders a 76-instance batch in three waves of 25", () => {
    expect(svgs[4]).toContain("deploy:i3-24");
  });
});
