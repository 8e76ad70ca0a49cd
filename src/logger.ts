import { createRequire } from 'node:module'
import pino, { type LoggerOptions } from 'pino'
import { redactPaths } from './app.js'

/** Pretty output on a terminal when pino-pretty is installed (development); JSON lines otherwise. */
export function loggerOptions (level: string): LoggerOptions {
  const options: LoggerOptions = { level, redact: redactPaths }
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

export function createLogger (level: string): pino.Logger {
  return pino(loggerOptions(level))
}
