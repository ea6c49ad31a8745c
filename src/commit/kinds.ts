import { InternalError } from "../errors.js";
import type {
  InstanceName,
  InstanceRequest,
  NamedDirectiveShape,
  NamesDirective,
  RequestsDirective,
} from "./directive.js";
import { AUTODEPLOY_TAG } from "./grammar.js";
import { ARCHIVE, BUILD_IMAGE, DELETE, DEPLOY, JOBS_AFTER, JOBS_BEFORE } from "./jobKinds.js";
import type { FixedJobKind, JobSpec } from "./jobKinds.js";

export type { JobLook, JobSpec, ManualSetting } from "./jobKinds.js";

/**
 * The table of directive kinds. A *named* kind is a tag followed by a list of instances
 * (`[AutoDeploy][Archive] a,b`); its row says how it is written, which jobs each listed instance
 * gets (job kinds of jobKinds.ts, each with how it is rendered and its built-in template), and
 * how it merges with the other commits of a push. The grammar, the composer, `message`, the
 * planner, the renderer, explain and the CLI's descriptions all read the table, so a new named
 * kind is one row (with its job's spec) plus its template in templates/grove-templates.yml for
 * users to copy; the spec's built-in copy fills in for a template file that predates the kind.
 *
 * It lives in commit/, the first stage, so that every later stage can import it without a cycle:
 * it imports only types, the grammar's constants and the job kinds. Functions that read it take
 * a table as their last argument (default: `NAMED_KINDS`), so a test can register a kind.
 */

/** A named kind: one row of the table. `D` is its directive, exactly as `lint --json` prints it. */
export interface NamedKind<
  D extends NamedDirectiveShape = NamedDirectiveShape,
  J extends string = string,
> {
  readonly kind: D["kind"];
  /** The type tags after `[AutoDeploy]`, canonically spelt; titles match them ASCII-case-insensitively. */
  readonly tags: readonly string[];
  /** Whether an entry may carry the trigger client's deployment id (`NAME|ID`). */
  readonly ids: boolean;
  /** The action of the older title form `[AutoDeploy] NAME:ID - <action>`, for the kinds that had one. */
  readonly legacyAction: string | null;
  /** Terraform plans and applies first, and each instance's first job waits for the apply. */
  readonly terraform: boolean;
  /** The jobs of each listed instance, in order: each one needs the one before. */
  readonly jobs: readonly JobSpec<J>[];
  /**
   * The kinds this one takes over when a push asks for both on one instance: the instance gets
   * this kind's jobs once, with the latest deployment id. Two requests of one kind always merge;
   * any other pair of kinds on one instance is an error naming both commits.
   */
  readonly absorbs: readonly string[];
  /** What the kind does to an instance, for messages: "`<commit>` creates it". */
  readonly verb: string;
  /**
   * The directive of this kind for a checked list of instances; `legacy` when the title had the
   * older form (only kinds with a `legacyAction` have one).
   */
  readonly directive: (instances: readonly InstanceRequest[], legacy?: boolean) => D;
}

/** What a row spells out; the helpers below fill in ids, the legacy action and the directive. */
type KindFields<K extends string, J extends string> = Omit<
  NamedKind<NamesDirective<K>, J>,
  "ids" | "legacyAction" | "directive"
>;

/** A kind whose entries are names only: `[AutoDeploy][Archive] a,b`. */
export function namesOnlyKind<const K extends string, J extends string>(
  fields: KindFields<K, J>,
): NamedKind<NamesDirective<K>, J> {
  return {
    ...fields,
    ids: false,
    legacyAction: null,
    directive: (instances) => ({
      kind: fields.kind,
      instances: instances.map(({ name }): InstanceName => ({ name })),
    }),
  };
}

/** A kind whose entries may carry ids and which has a legacy title form (create, update). */
function requestsKind<const K extends string, J extends string>(
  fields: KindFields<K, J>,
  legacyAction: string,
): NamedKind<RequestsDirective<K>, J> {
  return {
    ...fields,
    ids: true,
    legacyAction,
    directive: (instances, legacy = false) => ({ kind: fields.kind, instances, legacy }),
  };
}

const ROWS = [
  requestsKind(
    {
      kind: "create",
      tags: ["[Create]"],
      terraform: true,
      jobs: [BUILD_IMAGE, DEPLOY],
      absorbs: ["update"],
      verb: "creates",
    },
    "deploy new instance :rocket:",
  ),
  requestsKind(
    {
      kind: "update",
      tags: ["[Update]"],
      terraform: false,
      jobs: [BUILD_IMAGE, DEPLOY],
      absorbs: [],
      verb: "updates",
    },
    "apply changes :tools:",
  ),
  namesOnlyKind({
    kind: "archive",
    tags: ["[Archive]"],
    terraform: false,
    jobs: [ARCHIVE],
    absorbs: [],
    verb: "archives",
  }),
  namesOnlyKind({
    kind: "delete",
    tags: ["[Delete]"],
    terraform: false,
    jobs: [DELETE],
    absorbs: [],
    verb: "deletes",
  }),
];

/** The directives of the built-in named kinds, one member per row. */
export type NamedDirective = ReturnType<(typeof ROWS)[number]["directive"]>;
export type InstanceJobKind = (typeof ROWS)[number]["jobs"][number]["kind"];
/** Job kinds are a fixed vocabulary (SPEC.md, "The plan"), plus `wave-gate`. */
export type JobKind = FixedJobKind | InstanceJobKind;

/**
 * A table of named kinds: the built-in kinds' types, plus `X` (directives) and `Y` (job kinds)
 * of kinds a table adds. Both are `never` for the built-in table, so its directives are exactly
 * the `Directive` union; a test's table (say `[...NAMED_KINDS, restart]`) sets them to its own.
 */
export type KindTable<
  X extends NamedDirectiveShape = never,
  Y extends string = never,
> = readonly NamedKind<NamedDirective | X, InstanceJobKind | Y>[];
/** Any table, for functions that only read directives and jobs. */
export type AnyKindTable = KindTable<NamedDirectiveShape, string>;

/** The product's named kinds. */
export const NAMED_KINDS: KindTable = ROWS;

/** The tagged kinds that are not named kinds: their payloads have parsers of their own. */
export type FixedTaggedKind =
  "infrastructure" | "batch-upgrade" | "batch-upgrade-to" | "build-base-image";

/** A kind a title can ask for after `[AutoDeploy]`: its tags, and its row for a named kind. */
export type TaggedKind<X extends NamedDirectiveShape = never, Y extends string = never> =
  | { readonly kind: FixedTaggedKind; readonly tags: readonly string[]; readonly named: null }
  | {
      readonly kind: (NamedDirective | X)["kind"];
      readonly tags: readonly string[];
      readonly named: KindTable<X, Y>[number];
    };

const FIXED_TAGS: Readonly<Record<FixedTaggedKind, readonly string[]>> = {
  infrastructure: ["[Infrastructure]"],
  "batch-upgrade": ["[Batch]", "[Upgrade]"],
  "batch-upgrade-to": ["[Batch]", "[UpgradeTo]"],
  "build-base-image": ["[Build]", "[Image]"],
};

/**
 * Every tagged kind, in the order SPEC.md lists them: infrastructure, the named kinds, batches,
 * then base-image builds.
 */
export function taggedKinds<X extends NamedDirectiveShape = never, Y extends string = never>(
  kinds: KindTable<X, Y> = NAMED_KINDS,
): TaggedKind<X, Y>[] {
  const fixed = (kind: FixedTaggedKind): TaggedKind<X, Y> => ({
    kind,
    tags: FIXED_TAGS[kind],
    named: null,
  });
  return [
    fixed("infrastructure"),
    ...kinds.map((row): TaggedKind<X, Y> => ({ kind: row.kind, tags: row.tags, named: row })),
    fixed("batch-upgrade"),
    fixed("batch-upgrade-to"),
    fixed("build-base-image"),
  ];
}

/** `[AutoDeploy][Batch][Upgrade]`: the canonical start of a title of that kind. */
export function kindPrefix(kind: FixedTaggedKind | { readonly tags: readonly string[] }): string {
  return AUTODEPLOY_TAG + (typeof kind === "string" ? FIXED_TAGS[kind] : kind.tags).join("");
}

/** The row of a named kind, or undefined when the table has no such kind. */
export function namedKind<X extends NamedDirectiveShape = never, Y extends string = never>(
  kind: string,
  kinds: KindTable<X, Y> = NAMED_KINDS,
): KindTable<X, Y>[number] | undefined {
  return kinds.find((row) => row.kind === kind);
}

/** Every job kind a plan of `kinds` may have, once each, in the order templates are written out. */
export function jobSpecs<X extends NamedDirectiveShape = never, Y extends string = never>(
  kinds: KindTable<X, Y> = NAMED_KINDS,
): JobSpec<JobKind | Y>[] {
  const specs = new Map<string, JobSpec<JobKind | Y>>();
  for (const spec of [...JOBS_BEFORE, ...kinds.flatMap((row) => row.jobs), ...JOBS_AFTER]) {
    if (!specs.has(spec.kind)) specs.set(spec.kind, spec);
  }
  return [...specs.values()];
}

const specsByTable = new WeakMap<AnyKindTable, ReadonlyMap<string, JobSpec>>();

/** The spec of a job kind of a plan made with `kinds`. */
export function jobSpec(kind: string, kinds: AnyKindTable = NAMED_KINDS): JobSpec {
  let specs = specsByTable.get(kinds);
  if (specs === undefined) {
    specs = new Map(jobSpecs(kinds).map((spec) => [spec.kind, spec]));
    specsByTable.set(kinds, specs);
  }
  const spec = specs.get(kind);
  if (spec === undefined) throw new InternalError(`no job kind '${kind}' in the kinds table`);
  return spec;
}
