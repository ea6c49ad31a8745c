import yaml from "js-yaml";

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The value of variable `name` of job `job` in a generated pipeline (plain or `{value: ...}`
 * form), or undefined when the job or the variable is missing. The stubs record only the job,
 * INSTANCE_NAME and the arguments; this reads the other variables a job would get.
 */
export function generatedVariable(pipeline: string, job: string, name: string): unknown {
  const variable = field(field(field(yaml.load(pipeline), job), "variables"), name);
  const value = field(variable, "value");
  return value === undefined ? variable : value;
}
