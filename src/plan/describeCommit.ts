/** A commit as people recognise it in a message: GitLab's 8-character short SHA and its title. */
export function describeCommit(commit: { readonly sha: string; readonly title: string }): string {
  const title = JSON.stringify(commit.title);
  return commit.sha === "" ? title : `${commit.sha.slice(0, 8)} ${title}`;
}
