import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end suites start gitlab-ci-local and git; give them room on 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
