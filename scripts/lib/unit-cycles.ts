import { cruise, type ICruiseResult } from 'dependency-cruiser'

/**
 * The import cycles between the project's units: each folder or file directly under src/, and
 * adapters/. dependency-cruiser reads the imports (TypeScript, type-only ones included) and
 * collapses the modules into their units; the cycles among units are the strongly connected
 * components of that graph (Tarjan), each listed with the imports that close it.
 */
export const UNIT_PATTERN = '^(src/[^/]+|adapters)'

export interface UnitCycle {
  units: string[]
  /** For each edge of the cycle, one import that makes it (`from → to`). */
  imports: string[]
}

/** `pattern`'s first group names a module's unit; modules it does not match are outside the check. */
export async function unitCycles (roots: string[] = ['src', 'adapters'], pattern: string = UNIT_PATTERN): Promise<{ cycles: UnitCycle[], units: number }> {
  // Type-only imports count too: a loop of types is a loop of knowledge.
  const detail = await cruise(roots, { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } })
  const result = detail.output as ICruiseResult
  const unit = new RegExp(pattern)
  const unitOf = (path: string): string | undefined => unit.exec(path)?.[1]
  const edges = new Map<string, Map<string, string>>()
  for (const module of result.modules) {
    const from = unitOf(module.source)
    if (from === undefined) continue
    const targets = edges.get(from) ?? new Map<string, string>()
    edges.set(from, targets)
    for (const dependency of module.dependencies) {
      const to = unitOf(dependency.resolved)
      if (to === undefined || to === from || targets.has(to)) continue
      targets.set(to, `${module.source} → ${dependency.resolved}`)
    }
  }
  // Tarjan's strongly connected components.
  let index = 0
  const indices = new Map<string, number>()
  const lowlink = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const visit = (v: string): void => {
    indices.set(v, index)
    lowlink.set(v, index)
    index++
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!indices.has(w)) {
        visit(w)
        lowlink.set(v, Math.min(lowlink.get(v) ?? 0, lowlink.get(w) ?? 0))
      } else if (onStack.has(w)) {
        lowlink.set(v, Math.min(lowlink.get(v) ?? 0, indices.get(w) ?? 0))
      }
    }
    if (lowlink.get(v) === indices.get(v)) {
      const component: string[] = []
      let w: string | undefined
      do {
        w = stack.pop()
        if (w === undefined) break
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const v of [...edges.keys()].sort()) if (!indices.has(v)) visit(v)
  const cycles = components.map((units) => ({
    units,
    imports: units.flatMap((from) => [...(edges.get(from) ?? new Map<string, string>()).entries()].filter(([to]) => units.includes(to)).map(([, via]) => via))
  }))
  return { cycles, units: edges.size }
}
