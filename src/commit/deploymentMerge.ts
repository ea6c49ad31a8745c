import { error } from "../diagnostic.js";
import type { Diagnostic } from "../diagnostic.js";
import type { Directive } from "./directive.js";
import { isFixed } from "./directive.js";
import { checkDeploymentId, checkInstanceName } from "./grammar.js";
import { mergedBranch } from "./title.js";

/**
 * Deployment merges. The trigger client's prepare job opens a merge request from the branch
 * `deployment/<instance>/<id>`; merging it lands the commit `Merge branch
 * 'deployment/<instance>/<id>' into '<branch>'`, whose pipeline the client watches to learn the
 * deployment's outcome. The merge request's title need not be a directive: the branch says which
 * instance and deployment it is, so the merge deploys it (Create when the instance's folder is new
 * in the merge, else Update: the planner decides, since it takes the repository's history). A
 * directive in the title wins, as long as it does not name another instance or id.
 */

export interface DeploymentMerge {
  /** `deployment/<instance>/<id>`, as merged. */
  readonly branch: string;
  readonly instance: string;
  readonly deploymentId: string;
}

const PREFIX = "deployment/";

/** The deployment a merge commit's message merges, or null for any other message. */
export function deploymentMergeOf(message: string): DeploymentMerge | null {
  const branch = mergedBranch(message);
  if (branch === null || !branch.startsWith(PREFIX)) return null;
  const parts = branch.slice(PREFIX.length).split("/");
  const [instance, deploymentId] = parts;
  if (parts.length !== 2 || instance === undefined || deploymentId === undefined) return null;
  if (checkInstanceName(instance) !== null || checkDeploymentId(deploymentId) !== null) return null;
  return { branch, instance, deploymentId };
}

/** The directive of a deployment merge whose title carries none: Create or Update. */
export function mergeDirective(merge: DeploymentMerge, isNew: boolean): Directive {
  return {
    kind: isNew ? "create" : "update",
    instances: [{ name: merge.instance, deploymentId: merge.deploymentId }],
    legacy: false,
  };
}

/**
 * The error when the title's own directive names another instance or deployment than the
 * merged branch: deploying either would report the wrong outcome to the trigger client.
 */
export function mergeTitleProblem(merge: DeploymentMerge, directive: Directive): Diagnostic | null {
  if (isFixed(directive)) return null;
  for (const entry of directive.instances) {
    const id = "deploymentId" in entry ? entry.deploymentId : null;
    if (entry.name === merge.instance && (id === null || id === merge.deploymentId)) continue;
    const named = id === null ? entry.name : `${entry.name}|${id}`;
    return error(
      "deployment-merge-mismatch",
      `this merges the branch '${merge.branch}' (instance '${merge.instance}', deployment ${merge.deploymentId}) but its title names ${named}; name the same instance and id, or neither`,
      { subject: entry.name },
    );
  }
  return null;
}
