/* Generated from schemas/services/citizen.verify.v1.json by npm run gen:types. Do not edit. */

/**
 * Does this personal identification number match this name and date of birth? Answers match or no-match (the mismatched fields only with a right for them), never the record.
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
 * match: the ID number, name and date of birth (and gender, when sent) belong to one citizen. no-match: anything else, an unknown ID number included. mismatchedFields only for senders whose right allows field detail, and only fields their citizen.lookup right shows.
 *
 * This interface was referenced by `CitizenVerifyRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface CitizenVerifyReply {
  result: 'match' | 'no-match'
  mismatchedFields?: ('fullName' | 'dateOfBirth' | 'gender')[]
}
