// The gateway/idempotency tests again, on a Redis sentinel (test/helpers/platform.ts: startTestTopology).
process.env.LT_TEST_REDIS = 'sentinel'
await import('../gateway/idempotency.test.js')
