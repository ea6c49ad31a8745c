import fc from "fast-check";
import type { Directive, InstanceRequest, Target } from "../../src/commit/directive.js";
import {
  checkRepositoryPattern,
  checkVersionPattern,
  forbiddenTextCharacter,
  isWhiteSpace,
} from "../../src/commit/grammar.js";

/**
 * fast-check arbitraries of valid directive parts and whole directives, for the parser's property
 * tests and those of the stages after it. Product code may not import it (eslint.config.js).
 */

export const instanceNameArbitrary: fc.Arbitrary<string> = fc.stringMatching(
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/,
);

export const deploymentIdArbitrary: fc.Arbitrary<string> = fc.stringMatching(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
);

export const commitHashArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[0-9a-fA-F]{7,40}$/),
  fc.stringMatching(/^[0-9a-f]{64}$/),
);

const segment = fc.stringMatching(/^[A-Za-z0-9*][A-Za-z0-9_+*-]{0,8}(\.[A-Za-z0-9_*-]{1,4})?$/);
const host = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}(\.[a-z]{2,4}){1,2}$/);

export const repositoryArbitrary: fc.Arbitrary<string> = fc
  .oneof(
    fc.constant("*"),
    fc
      .tuple(host, fc.array(segment, { minLength: 1, maxLength: 3 }))
      .map(([h, path]) => `https://${h}/${path.join("/")}`),
    fc
      .tuple(host, fc.array(segment, { minLength: 1, maxLength: 3 }))
      .map(([h, path]) => `ssh://git@${h}/${path.join("/")}`),
    fc
      .tuple(host, fc.array(segment, { minLength: 1, maxLength: 3 }))
      .map(([h, path]) => `git@${h}:${path.join("/")}`),
  )
  .filter((s) => checkRepositoryPattern(s) === null);

export const versionArbitrary: fc.Arbitrary<string> = fc
  .array(segment, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("/"))
  .filter((s) => checkVersionPattern(s) === null);

export const targetArbitrary: fc.Arbitrary<Target> = fc.record({
  repository: repositoryArbitrary,
  version: versionArbitrary,
});

/** Free text as a title may carry it: trimmed, non-empty, no forbidden characters. */
export const infrastructureTextArbitrary: fc.Arbitrary<string> = fc
  .oneof(fc.string({ minLength: 1 }), fc.string({ unit: "binary", minLength: 1 }))
  .map((s) => {
    let kept = "";
    for (let i = 0; i < s.length; i++) if (forbiddenTextCharacter(s, i) === null) kept += s[i];
    let start = 0;
    let end = kept.length;
    while (start < end && isWhiteSpace(kept[start])) start++;
    while (end > start && isWhiteSpace(kept[end - 1])) end--;
    return kept.slice(start, end);
  })
  .filter((s) => s !== "");

const instanceRequests = (max: number): fc.Arbitrary<InstanceRequest[]> =>
  fc.uniqueArray(
    fc.record({ name: instanceNameArbitrary, deploymentId: fc.option(deploymentIdArbitrary) }),
    { minLength: 1, maxLength: max, selector: (i) => i.name },
  );

const targets = (minLength: number): fc.Arbitrary<Target[]> =>
  fc.uniqueArray(targetArbitrary, {
    minLength,
    maxLength: 5,
    selector: (t) => `${t.repository}|${t.version}`,
  });

/** Every directive `composeMessage` accepts (all kinds but `none`). */
export const directiveArbitrary: fc.Arbitrary<Directive> = fc.oneof(
  infrastructureTextArbitrary.map((text): Directive => ({ kind: "infrastructure", text })),
  fc
    .tuple(fc.constantFrom("create" as const, "update" as const), instanceRequests(8))
    .map(([kind, instances]): Directive => ({ kind, instances, legacy: false })),
  fc
    .tuple(fc.constantFrom("create" as const, "update" as const), instanceRequests(1))
    .map(([kind, instances]): Directive => ({ kind, instances, legacy: true })),
  fc
    .tuple(
      fc.constantFrom("archive" as const, "delete" as const),
      fc.uniqueArray(instanceNameArbitrary, { minLength: 1, maxLength: 8 }),
    )
    .map(([kind, names]): Directive => ({ kind, instances: names.map((name) => ({ name })) })),
  targets(1).map((t): Directive => ({ kind: "batch-upgrade", targets: t })),
  fc
    .tuple(commitHashArbitrary, targets(0))
    .map(([commit, t]): Directive => ({ kind: "batch-upgrade-to", commit, targets: t })),
);
