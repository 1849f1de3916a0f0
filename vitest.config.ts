import { defineConfig } from "vitest/config";

// Three projects, run one after the other by `npm test` (see scripts/test.sh): fast unit
// tests, then integration tests against a real server, then the browser tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/globalSetup.ts"],
          env: { LOG_LEVEL: "error" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One file at a time: they start servers and processes and measure time-sensitive things.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/globalSetup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
