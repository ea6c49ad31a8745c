import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInstanceName } from "./grammar.js";
import { readTriggerRequest, TRIGGER_VARIABLES } from "./triggerRequest.js";

/* The trigger client's variables as directives (issue 11, point 2); the CLI's own tests run them. */

describe("readTriggerRequest", () => {
  it("is null for an environment without a *_TRIGGER variable, or with empty ones", () => {
    expect(readTriggerRequest({ INSTANCE_NAME: "a", CI_PIPELINE_TRIGGERED: "true" })).toEqual({
      ok: true,
      value: null,
      warnings: [],
    });
    expect(readTriggerRequest({ NEW_INSTANCE_TRIGGER: "" })).toMatchObject({
      ok: true,
      value: null,
    });
  });

  it.each(["1", "True", "true", "TRUE", "yes", "on"])("takes %j as asking", (value) => {
    const result = readTriggerRequest({ DELETE_INSTANCE_TRIGGER: value, INSTANCE_NAME: "a" });
    expect(result).toMatchObject({ ok: true, value: { kind: "delete-request", instance: "a" } });
  });

  it("reports every problem at once, each naming its variable", () => {
    const result = readTriggerRequest({
      NEW_INSTANCE_TRIGGER: "1",
      INSTANCE_NAME: "a b",
      DEPLOYMENT_REQUEST_ID: "0x10",
    });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message.split(",")[0])).toEqual([
      "NEW_INSTANCE_TRIGGER needs the variable INSTANCE_NAME",
      "NEW_INSTANCE_TRIGGER needs the variable DEPLOYMENT_REQUEST_ID",
    ]);
  });

  it("never throws, and what it accepts is valid as a title's values would be", () => {
    const variables = fc.constantFrom(
      ...TRIGGER_VARIABLES,
      "INSTANCE_NAME",
      "DEPLOYMENT_REQUEST_ID",
      "PIPELINE_ID",
      "X_TRIGGER",
    );
    const values = fc.oneof(fc.constantFrom("1", "True", "a", "42", ""), fc.string());
    fc.assert(
      fc.property(fc.dictionary(variables, values), (env) => {
        const result = readTriggerRequest(env);
        if (!result.ok || result.value === null) return;
        const request = result.value;
        if ("instance" in request) expect(checkInstanceName(request.instance)).toBeNull();
        if ("deploymentId" in request) expect(request.deploymentId).toMatch(/^[1-9][0-9]*$/);
        if ("pipelineId" in request) expect(request.pipelineId).toMatch(/^[1-9][0-9]*$/);
      }),
      { numRuns: 500 },
    );
  });
});
