import { createRequire } from 'node:module'
import pino, { type DestinationStream, type LoggerOptions } from 'pino'
import { maskingLoggerOptions } from './observability/log-masking.js'

/** JSON lines with credentials redacted and citizen data masked (see observability/log-masking.ts). */
export function jsonLoggerOptions (level: string): LoggerOptions {
  return { level, ...maskingLoggerOptions() }
}

/** Pretty output on a terminal when pino-pretty is installed (development); JSON lines otherwise. */
export function loggerOptions (level: string): LoggerOptions {
  const options = jsonLoggerOptions(level)
  if (process.stdout.isTTY) {
    try {
      createRequire(import.meta.url).resolve('pino-pretty')
      options.transport = { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
    } catch {
      // not installed (production image): stay with JSON lines
    }
  }
  return options
}

/** A process logger; `destination` (tests) takes JSON lines instead of stdout. */
export function createLogger (level: string, destination?: DestinationStream): pino.Logger {
  return destination === undefined ? pino(loggerOptions(level)) : pino(jsonLoggerOptions(level), destination)
}
