import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRepositoryPattern, checkVersionPattern } from "./grammar.js";
import { parsePushEvent } from "./pushEvent.js";

/* A webhook's push event as a directive (issue 11, point 5); fixtures are documented payloads. */

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    fs.readFileSync(new URL(`../../test/fixtures/webhooks/${name}`, import.meta.url), "utf8"),
  ) as Record<string, unknown>;

describe("parsePushEvent", () => {
  it("reads GitHub's push event: clone_url and the branch", () => {
    expect(parsePushEvent(JSON.stringify(fixture("github-push.json")))).toMatchObject({
      ok: true,
      value: {
        directive: {
          kind: "batch-upgrade",
          targets: [
            {
              repository: "https://github.com/open-craft/edx-platform.git",
              version: "opencraft-release/quince.3",
            },
          ],
        },
        noopReason: null,
      },
    });
  });

  it("reads a GitLab branch deletion (after all zeros) as nothing to do", () => {
    const body = { ...fixture("gitlab-push.json"), after: "0".repeat(40), checkout_sha: null };
    const result = parsePushEvent(JSON.stringify(body));
    expect(result).toMatchObject({ ok: true, value: { directive: { kind: "none" } } });
  });

  it("reads GitHub's ping as nothing to do", () => {
    const ping = { zen: "Keep it logically awesome.", hook_id: 1, hook: { type: "Repository" } };
    expect(parsePushEvent(JSON.stringify(ping))).toMatchObject({
      ok: true,
      value: { directive: { kind: "none" }, noopReason: expect.stringContaining("ping") },
    });
  });

  it.each([["[]"], ["null"], ['"push"'], ['{"object_kind": 1}']])("refuses %s", (text) => {
    const result = parsePushEvent(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]?.message).toMatch(/^TRIGGER_PAYLOAD: /);
  });

  it("never throws, and only ever targets a repository and version the grammar accepts", () => {
    const github = fixture("github-push.json");
    const event = fc.record({
      ref: fc.oneof(
        fc.string(),
        fc.string().map((s) => `refs/heads/${s}`),
      ),
      url: fc.oneof(fc.string(), fc.constant("https://github.com/o/r.git")),
      deleted: fc.boolean(),
    });
    fc.assert(
      fc.property(event, ({ ref, url, deleted }) => {
        const body = { ...github, ref, deleted, repository: { clone_url: url } };
        const result = parsePushEvent(JSON.stringify(body));
        if (!result.ok || result.value.directive.kind !== "batch-upgrade") return;
        for (const t of result.value.directive.targets) {
          expect(checkRepositoryPattern(t.repository)).toBeNull();
          expect(checkVersionPattern(t.version)).toBeNull();
          expect(`${t.repository}${t.version}`).not.toContain("*");
        }
      }),
      { numRuns: 500 },
    );
  });
});
