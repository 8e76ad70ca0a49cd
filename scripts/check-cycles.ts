import { unitCycles } from './lib/unit-cycles.js'

/**
 * `npm run check:cycles`: fails when the project's units (each folder or file directly under src/,
 * and adapters/) import each other in a loop, naming the imports that close each loop.
 */
const { cycles, units } = await unitCycles()
if (cycles.length === 0) {
  console.log(`no import cycles between the ${units} units of src/ and adapters/`)
} else {
  for (const cycle of cycles) {
    console.error(`import cycle: ${cycle.units.join(' ↔ ')}`)
    for (const via of cycle.imports) console.error(`  ${via}`)
  }
  process.exitCode = 1
}
