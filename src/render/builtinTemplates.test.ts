import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "./builtinTemplates.js";
import { TEMPLATE_NAMES } from "./templateNames.js";
import { parseTemplates } from "./templateSet.js";

const templatesFile = fileURLToPath(
  new URL("../../templates/grove-templates.yml", import.meta.url),
);

describe("BUILTIN_TEMPLATES", () => {
  it("defines every template the renderer may use, in order, and nothing else", () => {
    expect([...BUILTIN_TEMPLATES.jobs.keys()]).toEqual(TEMPLATE_NAMES);
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
