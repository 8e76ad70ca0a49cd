/* Generated from schemas/error.json by npm run gen:types. Do not edit. */

/**
 * The one shape of every 4xx and 5xx reply.
 */
export interface ErrorBody {
  statusCode: number
  /**
   * Stable machine-readable code, e.g. LT_SCHEMA_INVALID.
   */
  code: string
  /**
   * Human-readable explanation.
   */
  message: string
  details?: {
    /**
     * JSON pointer of the bad field in the posted document.
     */
    pointer: string
    problem: string
  }[]
  messageId?: string
}
