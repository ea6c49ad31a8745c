import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    // End-to-end suites start gitlab-ci-local and git; give them room on 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests make real git commits; a fresh CI machine has no git identity configured.
    env: {
      GIT_AUTHOR_NAME: "grove-pipelines tests",
      GIT_AUTHOR_EMAIL: "tests@grove-pipelines.invalid",
      GIT_COMMITTER_NAME: "grove-pipelines tests",
      GIT_COMMITTER_EMAIL: "tests@grove-pipelines.invalid",
    },
  },
});
