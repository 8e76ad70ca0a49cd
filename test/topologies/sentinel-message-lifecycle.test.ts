// The messages/message-lifecycle tests again, on a Redis sentinel (test/helpers/platform.ts: startTestTopology).
process.env.LT_TEST_REDIS = 'sentinel'
await import('../messages/message-lifecycle.test.js')
