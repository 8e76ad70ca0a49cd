// The delivery/unconfirmed tests again, on a Redis sentinel (test/helpers/platform.ts: startTestTopology).
process.env.LT_TEST_REDIS = 'sentinel'
await import('../delivery/unconfirmed.test.js')
