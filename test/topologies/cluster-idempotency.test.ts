// The gateway/idempotency tests again, on a Redis cluster (test/helpers/platform.ts: startTestTopology).
process.env.LT_TEST_REDIS = 'cluster'
await import('../gateway/idempotency.test.js')
