import neostandard from 'neostandard'

// neostandard (JavaScript Standard Style for TypeScript), as STYLE.md asks; CI runs `npm run lint`.
export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'data/**', 'coverage/**', '.tap/**', 'scratch/**', 'src/generated/**', 'clients/typescript/lienthong-api.d.ts', 'test/artifacts/**', 'bench/results/**']
  }),
  {
    rules: {
      // `void promise` marks a promise deliberately not awaited (Fastify hooks, event handlers).
      'no-void': ['error', { allowAsStatement: true }]
    }
  }
]
