import { defineConfig } from "vitest/config";
import base from "../../vitest.config.js";

// `npm run test:scale`: the slow, full-size scale tests (*.scale.ts), kept out of `npm test`.
export default defineConfig({
  test: {
    ...base.test,
    include: ["test/scale/**/*.scale.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
  },
});
