import fs from "node:fs";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import { jobSpecs } from "../commit/kinds.js";
import type { Diagnostic } from "../diagnostic.js";
import { removeTempDirs, tempTree } from "../../test/support/tempTree.js";
import { resolveRepoRoot } from "./files.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import type { Settings } from "./settings.js";
import {
  BUILTIN_TEMPLATES,
  parseTemplates,
  readTemplates,
  REQUIRED_TEMPLATE_NAMES,
  templateNameFor,
} from "./templates.js";

const FILE = "ci/grove-templates.yml";

/**
 * The eight required templates (but `omit`), three lines each (`.grove-deploy` on lines 13-15),
 * then `extra`.
 */
function validText(extra = "", omit: readonly string[] = []): string {
  const lines = REQUIRED_TEMPLATE_NAMES.filter((name) => !omit.includes(name)).map(
    (name) => `${name}:\n  script:\n    - echo ${name}\n`,
  );
  return lines.join("") + extra;
}

function problems(text: string): Diagnostic[] {
  const result = parseTemplates(text, FILE);
  return result.ok ? [] : [...result.diagnostics];
}

describe("parseTemplates", () => {
  it("accepts the eight templates and adds the built-in wave gate and request jobs", () => {
    const result = parseTemplates(validText(), FILE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Issue 11: a template file older than the trigger client's requests keeps working.
    const added = [
      ".grove-wave-gate",
      ".grove-prepare-deployment",
      ".grove-request-archive",
      ".grove-request-delete",
      ".grove-abort-deployment",
    ];
    expect([...result.value.jobs.keys()]).toEqual([...REQUIRED_TEMPLATE_NAMES, ...added]);
    for (const name of added) {
      expect(result.value.jobs.get(name)).toEqual(BUILTIN_TEMPLATES.jobs.get(name));
    }
    expect(result.value.jobs.get(".grove-abort-deployment")).toEqual({
      script: ['grove abort-deployment "$PIPELINE_ID"'],
    });
    expect(result.value.jobs.get(".grove-deploy")).toEqual({ script: ["echo .grove-deploy"] });
  });

  it("keeps the file's own wave gate", () => {
    const result = parseTemplates(validText(".grove-wave-gate:\n  script: [echo gate]\n"), FILE);
    expect(result.ok && result.value.jobs.get(".grove-wave-gate")).toEqual({
      script: ["echo gate"],
    });
  });

  it("has no verify template unless the file defines one, and checks it like the others", () => {
    expect(BUILTIN_TEMPLATES.jobs.has(".grove-verify")).toBe(false);
    const result = parseTemplates(validText(".grove-verify:\n  script: [./check.sh]\n"), FILE);
    expect(result.ok && result.value.jobs.get(".grove-verify")).toEqual({
      script: ["./check.sh"],
    });
    expect(problems(validText(".grove-verify:\n  image: alpine\n")).map((d) => d.message)).toEqual([
      ".grove-verify has no script: (neither itself nor any job it extends)",
    ]);
  });

  it("reports a YAML syntax error at its file, line and column", () => {
    const found = problems(".grove-deploy:\n  script: [echo a\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: "yaml-syntax", file: FILE, line: 3 });
    expect(found[0]?.fileColumn).toBeGreaterThan(0);
  });

  it("names every missing template at once", () => {
    const found = problems(validText("", [".grove-deploy", ".grove-noop"]));
    expect(found.map((d) => [d.code, d.keyPath])).toEqual([
      ["template-missing", ".grove-deploy"],
      ["template-missing", ".grove-noop"],
    ]);
    expect(found[0]?.message).toContain(".grove-deploy");
  });

  it("rejects keys that are not hidden jobs, naming the key and its line", () => {
    const found = problems(validText("stages: [a]\nvariables:\n  A: b\n"));
    expect(found.map((d) => [d.code, d.keyPath, d.line])).toEqual([
      ["template-unknown-key", "stages", 25],
      ["template-unknown-key", "variables", 26],
    ]);
    expect(found[0]?.message).toContain("stages");
  });

  it("allows helper hidden jobs that templates extend", () => {
    const text = validText().replace(
      ".grove-deploy:\n  script:\n    - echo .grove-deploy\n",
      ".grove-deploy:\n  extends: .common\n",
    );
    const result = parseTemplates(`${text}.common:\n  script: [echo common]\n`, FILE);
    expect(result.ok && result.value.jobs.get(".common")).toEqual({ script: ["echo common"] });
  });

  it("rejects a template that is not a mapping", () => {
    const text = validText().replace(
      ".grove-noop:\n  script:\n    - echo .grove-noop\n",
      ".grove-noop: echo hi\n",
    );
    expect(problems(text).map((d) => [d.code, d.keyPath])).toEqual([
      ["template-not-mapping", ".grove-noop"],
    ]);
  });

  it("rejects stage and needs, which the generator decides", () => {
    const text = validText(".grove-wave-gate:\n  script: [echo]\n  needs: []\n  stage: x\n");
    expect(problems(text).map((d) => [d.code, d.keyPath])).toEqual([
      ["template-reserved-key", ".grove-wave-gate.stage"],
      ["template-reserved-key", ".grove-wave-gate.needs"],
    ]);
  });

  it("catches a script line that YAML read as a mapping because of an unquoted ': '", () => {
    const text = validText().replace("- echo .grove-deploy", "- echo Deploying: now");
    const found = problems(text);
    expect(found.map((d) => [d.code, d.keyPath])).toEqual([
      ["template-bad-script", ".grove-deploy.script.0"],
    ]);
    expect(found[0]?.line).toBe(15);
  });

  it("rejects extends of a job the file does not define", () => {
    const text = validText().replace("  script:\n    - echo .grove-deploy\n", "  extends: .nope\n");
    const found = problems(text);
    expect(found.map((d) => d.code)).toEqual(["template-unknown-extends"]);
    expect(found[0]?.message).toBe(
      ".grove-deploy extends .nope, which the template file does not define",
    );
  });

  it("rejects extends cycles and templates without any script", () => {
    const text = validText()
      .replace("  script:\n    - echo .grove-deploy\n", "  extends: .a\n")
      .replace("  script:\n    - echo .grove-noop\n", "  extends: .empty\n");
    const found = problems(
      `${text}.a:\n  extends: .b\n.b:\n  extends: [.a]\n.empty:\n  image: x\n`,
    );
    // Reported in template order: .grove-deploy comes before .grove-noop.
    expect(found.map((d) => [d.code, d.keyPath])).toEqual([
      ["template-extends-cycle", ".grove-deploy.extends"],
      ["template-no-script", ".grove-noop"],
    ]);
    expect(found.find((d) => d.code === "template-extends-cycle")?.message).toBe(
      ".grove-deploy extends itself through .a -> .b -> .a",
    );
  });

  it("rejects dates, which would not be written back as written", () => {
    const text = validText(
      ".grove-wave-gate:\n  script: [echo]\n  variables:\n    SINCE: 2024-01-02\n",
    );
    expect(problems(text).map((d) => [d.code, d.keyPath])).toEqual([
      ["template-unsupported-value", ".grove-wave-gate.variables.SINCE"],
    ]);
  });

  it("rejects an empty file and a file that is not a mapping", () => {
    expect(problems("# nothing\n").map((d) => d.code)).toEqual(["not-a-mapping"]);
    expect(problems("- a\n").map((d) => d.code)).toEqual(["not-a-mapping"]);
  });

  it("gives the same jobs as the text it read when written back", () => {
    const result = parseTemplates(validText(), FILE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const dumped = yaml.dump(Object.fromEntries(result.value.jobs));
    const again = parseTemplates(dumped, FILE);
    expect(again.ok && again.value.jobs).toEqual(result.value.jobs);
  });
});

const templatesFile = fileURLToPath(
  new URL("../../templates/grove-templates.yml", import.meta.url),
);

describe("BUILTIN_TEMPLATES", () => {
  it("defines every template the renderer may use, in order, and nothing else", () => {
    // .grove-verify has no built-in template: only a cluster's own file defines it.
    expect([...BUILTIN_TEMPLATES.jobs.keys()]).toEqual(
      jobSpecs()
        .filter((spec) => spec.kind !== "verify")
        .map((spec) => templateNameFor(spec.kind)),
    );
  });

  it("equals templates/grove-templates.yml, the copy users start from", () => {
    const parsed = parseTemplates(fs.readFileSync(templatesFile, "utf8"), "grove-templates.yml");
    expect(parsed.ok && parsed.warnings).toEqual([]);
    if (!parsed.ok) return;
    expect([...parsed.value.jobs.keys()]).toEqual([...BUILTIN_TEMPLATES.jobs.keys()]);
    expect(parsed.value.jobs).toEqual(BUILTIN_TEMPLATES.jobs);
  });

  it("has scripts that read values only from variables, quoted against word splitting", () => {
    for (const [name, template] of BUILTIN_TEMPLATES.jobs) {
      const script = template["script"];
      expect(Array.isArray(script), name).toBe(true);
      for (const line of Array.isArray(script) ? script : []) {
        // Every variable use is inside double quotes: "$X", "${X:-}" or "$CI_PROJECT_DIR/...".
        const unquoted = String(line).replace(/"[^"]*"/g, "");
        expect(unquoted, `${name}: ${String(line)}`).not.toContain("$");
      }
    }
  });

  it("calls Grove's CLI with the instance for instance jobs", () => {
    const scriptOf = (name: string) => BUILTIN_TEMPLATES.jobs.get(name)?.["script"];
    expect(scriptOf(".grove-build-image")).toEqual(['grove build-image "$INSTANCE_NAME"']);
    expect(scriptOf(".grove-deploy")).toEqual(['grove deploy "$INSTANCE_NAME"']);
    expect(scriptOf(".grove-archive")).toEqual(['grove archive "$INSTANCE_NAME"']);
    expect(scriptOf(".grove-delete")).toEqual(['grove delete "$INSTANCE_NAME"']);
    expect(scriptOf(".grove-noop")).toContain('echo "$NOOP_REASON"');
  });

  it("passes the Terraform plan file to apply as an artifact", () => {
    const plan = BUILTIN_TEMPLATES.jobs.get(".grove-terraform-plan");
    expect(plan?.["artifacts"]).toEqual({ paths: ["tfplan"], expire_in: "1 day" });
    expect(plan?.["script"]).toEqual(['grove terraform plan -out="$CI_PROJECT_DIR/tfplan"']);
    expect(BUILTIN_TEMPLATES.jobs.get(".grove-terraform-apply")?.["script"]).toEqual([
      'grove terraform apply "$CI_PROJECT_DIR/tfplan"',
    ]);
  });
});

describe("readTemplates", () => {
  afterEach(removeTempDirs);

  /** Problems of reading the template file `text` with these settings. */
  function readProblems(text: string, settings: Settings): Diagnostic[] {
    const root = resolveRepoRoot(tempTree("templates", { [FILE]: text }));
    if (!root.ok) throw new Error("no repository root");
    const read = readTemplates(root.value, { ...settings, templates: FILE });
    return read.ok ? [] : [...read.diagnostics];
  }
  const withRules = (name: string) =>
    validText().replace(`${name}:\n`, `${name}:\n  rules:\n    - if: $CI_COMMIT_BRANCH\n`);

  it("refuses rules: on a template whose jobs the settings make wait, naming both", () => {
    const manualDeploy = {
      ...DEFAULT_SETTINGS,
      manual: { ...DEFAULT_SETTINGS.manual, deploy: true },
    };
    const found = readProblems(withRules(".grove-deploy"), manualDeploy);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: "template-rules-with-when",
      file: FILE,
      keyPath: ".grove-deploy.rules",
      line: 14,
    });
    expect(found[0]?.message).toContain("manual.deploy");
    // Through extends too, and for a wave gate with a bake time.
    const helper = `${validText()}.rule-helper:\n  rules:\n    - when: always\n.grove-wave-gate:\n  extends: .rule-helper\n  script:\n    - echo gate\n`;
    const baking = {
      ...DEFAULT_SETTINGS,
      batch: { ...DEFAULT_SETTINGS.batch, bakeTime: "1 hour" },
    };
    expect(readProblems(helper, baking).map((d) => d.message)).toEqual([
      expect.stringContaining(
        ".rule-helper.rules cannot be used by .grove-wave-gate: batch.bakeTime",
      ),
    ]);
  });

  it("takes rules: on templates whose jobs never wait for a person or a clock", () => {
    // Delete waits for a person by default; deploy does not.
    expect(readProblems(withRules(".grove-deploy"), DEFAULT_SETTINGS)).toEqual([]);
    expect(readProblems(withRules(".grove-delete"), DEFAULT_SETTINGS)).toHaveLength(1);
  });
});

describe("a Terraform template's resource_group", () => {
  it("is refused, through extends too: the Terraform pipeline's trigger holds the group", () => {
    const own = validText().replace(
      ".grove-terraform-apply:\n",
      ".grove-terraform-apply:\n  resource_group: terraform\n",
    );
    expect(problems(own)).toEqual([
      expect.objectContaining({
        code: "template-terraform-resource-group",
        keyPath: ".grove-terraform-apply.resource_group",
      }),
    ]);
    const inherited = validText(".locked:\n  resource_group: cloud\n").replace(
      ".grove-terraform-plan:\n",
      ".grove-terraform-plan:\n  extends: .locked\n",
    );
    expect(problems(inherited).map((d) => d.message)).toEqual([
      expect.stringContaining(".locked.resource_group cannot be used by .grove-terraform-plan"),
    ]);
    // Other jobs' templates may still set one.
    const build = ".grove-build-image:\n  resource_group: b\n";
    expect(problems(validText().replace(".grove-build-image:\n", build))).toEqual([]);
  });
});
