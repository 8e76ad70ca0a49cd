/* Generated from schemas/services/citizen.verify.v1.json by npm run gen:types. Do not edit. */

/**
 * Does this personal identification number match this name and date of birth? Answers match or the mismatched fields, never the record.
 */
export interface CitizenVerifyRequest {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  dateOfBirth: string
  gender?: 'male' | 'female'
}
/**
 * This interface was referenced by `CitizenVerifyRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface CitizenVerifyReply {
  result: 'match' | 'mismatch' | 'not-found'
  mismatchedFields: ('fullName' | 'dateOfBirth' | 'gender')[]
}
