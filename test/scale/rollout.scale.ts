import { describeShardedRollout } from "./describeShardedRollout.js";

// `npm run test:scale` (GROVE_SCALE_INSTANCES=N to choose): the rollout of
// shardedRollout.test.ts at a size that takes minutes in gitlab-ci-local, kept out of `npm test`.
const COUNT = Number(process.env["GROVE_SCALE_INSTANCES"] ?? 5000);
describeShardedRollout(COUNT, { timeoutMs: 3_600_000, minShards: 2, report: true });
