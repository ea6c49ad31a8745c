import { describe, expect, it } from "vitest";
import { sanitizeForTerminal } from "./sanitize.js";

describe("sanitizeForTerminal", () => {
  it("keeps ordinary text, tabs and newlines", () => {
    expect(sanitizeForTerminal("deploy:site-a\tok\nnext é")).toBe("deploy:site-a\tok\nnext é");
  });

  it("shows ANSI escapes, carriage returns and bidi overrides as visible escapes", () => {
    expect(sanitizeForTerminal("a\u001b[31mred\r\u202eevil\u200b")).toBe(
      "a\\x1b[31mred\\x0d\\u202eevil\\u200b",
    );
  });
});
