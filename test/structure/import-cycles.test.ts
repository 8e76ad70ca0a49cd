import t from 'tap'
import { unitCycles } from '../../scripts/lib/unit-cycles.js'

// The project's units (each folder or file directly under src/, and adapters/) import each other
// in one direction only; dependency-cruiser reads the imports, type-only ones included.
t.test('no import cycles between the units of src/ and adapters/', async (t) => {
  const { cycles, units } = await unitCycles()
  t.ok(units > 30, `${units} units read`)
  t.same(cycles.map((c) => `${c.units.join(' ↔ ')}: ${c.imports.join('; ')}`), [])
})

t.test('the check finds a loop, type-only imports included, and names its imports', async (t) => {
  const { cycles } = await unitCycles(['test/fixtures/unit-cycles'], '^(test/fixtures/unit-cycles/[^/]+)')
  t.equal(cycles.length, 1)
  t.same(cycles[0]?.units, ['test/fixtures/unit-cycles/a', 'test/fixtures/unit-cycles/b'])
  t.same(cycles[0]?.imports, ['test/fixtures/unit-cycles/a/first.ts → test/fixtures/unit-cycles/b/second.ts', 'test/fixtures/unit-cycles/b/second.ts → test/fixtures/unit-cycles/a/first.ts'])
})
