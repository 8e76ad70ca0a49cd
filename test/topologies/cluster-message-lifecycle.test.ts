// The messages/message-lifecycle tests again, on a Redis cluster (test/helpers/platform.ts: startTestTopology).
process.env.LT_TEST_REDIS = 'cluster'
await import('../messages/message-lifecycle.test.js')
