// The delivery/unconfirmed tests again, on a Redis cluster (test/helpers/platform.ts: startTestTopology).
process.env.LT_TEST_REDIS = 'cluster'
await import('../delivery/unconfirmed.test.js')
