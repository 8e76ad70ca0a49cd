import fp from 'fastify-plugin'
import fastifyHelmet from '@fastify/helmet'
import helmet from 'helmet'
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify'

/** A Content-Security-Policy as directive → sources, e.g. `{ 'script-src': ["'self'"] }`. */
export type CspDirectives = Record<string, string[]>

/** Every JSON response: nothing may load from it and nothing may frame it. */
export const apiPolicy: CspDirectives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"]
}

/**
 * Swagger UI at /docs: its bundle, stylesheet and initializer come from the gateway, the
 * document from /docs/json; the logo and the icons of its stylesheet are data: URLs. Its one
 * inline style is the `<style>` in the top bar's logo (`.logo_small_svg__cls-2{fill:#fff}…`),
 * allowed by hash.
 */
export const docsPolicy: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"]
}

/** The header value of `directives`. */
export function serializePolicy (directives: CspDirectives): string {
  return Object.entries(directives).map(([name, sources]) => [name, ...sources].join(' ')).join('; ')
}

/** Route option (`helmet`) that gives one route its own policy instead of {@link apiPolicy}. */
export function contentSecurityPolicy (directives: CspDirectives): NonNullable<RouteOptions['helmet']> {
  return { contentSecurityPolicy: { useDefaults: false, directives } }
}

/**
 * The same, for routes registered by a third-party plugin (no say over their options): call it
 * from an `onRoute` hook. Sets the route config @fastify/helmet reads, as its own onRoute would.
 */
export function useContentSecurityPolicy (route: RouteOptions, directives: CspDirectives): void {
  route.config = Object.assign(route.config ?? {}, { helmet: contentSecurityPolicy(directives) })
}

/** helmet's options for every route without a policy of its own. */
const apiOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: apiPolicy },
  // DENY, as frame-ancestors 'none' says, for browsers that only know X-Frame-Options.
  frameguard: { action: 'deny' as const }
}

/**
 * Security headers on every response (helmet's defaults: nosniff, no-referrer, same-origin
 * opener and resource policies, HSTS, ...) with the strict {@link apiPolicy}; pages that need
 * more say so per route. `Cache-Control: no-store` unless a route sets its own.
 */
export default fp(async (app) => {
  // The routes with a policy of their own (a few pages): @fastify/helmet merges it with ours.
  await app.register(fastifyHelmet, { ...apiOptions, global: false })
  // Every other route: helmet's middleware, built once. @fastify/helmet builds it anew for each
  // request (options checked, policy serialized): about 2% of an accepted message's CPU, profiled.
  const apiHeaders = helmet(apiOptions)
  // Answers may carry citizen data (sync replies, message states, dead letters): no cache, shared
  // or the browser's, may keep them. Set first, so a route that serves static files can say otherwise.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    void reply.header('cache-control', 'no-store')
    if ((request.routeOptions.config as { helmet?: unknown }).helmet !== undefined) {
      done()
      return
    }
    apiHeaders(request.raw, reply.raw, () => { done() })
  })
}, { name: 'security-headers' })
