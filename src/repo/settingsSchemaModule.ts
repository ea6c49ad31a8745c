import * as settingsSchema from "./settingsSchema.js";

export type SettingsSchemaModule = typeof settingsSchema;

/**
 * The settings schema, and with it zod, the largest part of the command, asked for only when a
 * settings file has to be validated. The CLI bundle replaces this module with one that loads a
 * separately bundled schema on first use (scripts/build.mjs), so that a command in a repository
 * without grove-pipelines.yml does not pay for loading zod at every start.
 */
export function settingsSchemaModule(): SettingsSchemaModule {
  return settingsSchema;
}
