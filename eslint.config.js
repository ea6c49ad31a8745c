// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Generated or scratch trees (also in .gitignore); ESLint does not read .gitignore.
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "coverage/**",
      "**/*.yml",
      "bench/.work/**",
      "test/scale/tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      // `const { dropped, ...rest } = x` is how a key is left out of a readonly value.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      "no-console": "error",
    },
  },
  {
    // Product code stands alone: test helpers (everything under test/), vitest and fast-check are
    // for tests, which may import them (test/lint/productImports.test.ts proves both sides).
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["vitest", "fast-check"].map((name) => ({
            name,
            message: `${name} is for tests; product code may not import it.`,
          })),
          patterns: [
            {
              regex: "^(\\.\\./)+test/",
              message: "test/ holds test helpers; product code may not import them.",
            },
            {
              group: ["vitest/*", "fast-check/*"],
              message: "test libraries are for tests; product code may not import them.",
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI is the one place allowed to talk to the terminal; scripts and benchmarks print figures.
    files: ["src/cli/**/*.ts", "scripts/**", "bench/**"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // CommonJS files: a preload that tests put into the built command (it must be CommonJS).
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { process: "readonly", require: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
