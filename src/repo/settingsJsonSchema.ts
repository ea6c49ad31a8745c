import * as z from "zod/mini";
import { VERSION } from "../version.js";
import { SETTINGS_FILE } from "./settings.js";
import { settingsSchema } from "./settingsSchema.js";

/*
 * The JSON Schema of `grove-pipelines.yml`, derived from the very schema that checks the file
 * (settings.ts), so an editor and the command never disagree on what a key takes. The package
 * ships it as dist/grove-pipelines.schema.json (scripts/build.mjs writes it), and `init` puts a
 * copy beside the vendored command with the editor line that uses it.
 */

/** What each top-level key means, for an editor's hover text. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  instancesDir:
    "Folder of the instance folders, relative to the repository root (default: instances).",
  templates: "Repository file whose hidden jobs replace the built-in job templates.",
  image: "Default image of the generated jobs.",
  generatorImage: "Image of the jobs that run grove-pipelines itself (default: node:20).",
  defaults: "Values batch matching uses when an instance's config.yml leaves them out.",
  manual: "Jobs that wait for a person (when: manual).",
  deployBranches: "Branches whose commits may deploy (default: the project's default branch).",
  batch: "How a batch upgrade rolls out: canary instances first, then waves.",
  limits: "GitLab's limits the generated pipeline must respect.",
};

/** The schema as a JSON value (JSON Schema draft-07, which editors and validators all read). */
export function settingsJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(settingsSchema().file, {
    target: "draft-7",
    // The input a person writes, before paths are normalised; refinements (safe relative paths,
    // instance names) are checked by the command, not the editor.
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  const properties = generated.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [key, description] of Object.entries(DESCRIPTIONS)) {
    const property = properties?.[key];
    if (property !== undefined) property.description = description;
  }
  return {
    ...generated,
    title: SETTINGS_FILE,
    description: `Settings of grove-pipelines ${VERSION} for a Grove cluster repository (the file is optional; every key has a default).`,
  };
}
