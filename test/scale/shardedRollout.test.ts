import { describeShardedRollout } from "./describeShardedRollout.js";

// A batch over 2,000 instances (about 3,800 jobs in 19 shards) run end to end in gitlab-ci-local:
// under a minute on two cores, so it is part of every test run (`npm run test:scale` runs a
// bigger one, rollout.scale.ts).
describeShardedRollout(2000, { timeoutMs: 900_000, minShards: 15 });
