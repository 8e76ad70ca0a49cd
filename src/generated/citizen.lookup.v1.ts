/* Generated from schemas/services/citizen.lookup.v1.json by npm run gen:types. Do not edit. */

/**
 * This interface was referenced by `CitizenLookupRequest`'s JSON-Schema
 * via the `definition` "citizenField".
 */
export type CitizenField =
  | 'citizenId'
  | 'fullName'
  | 'dateOfBirth'
  | 'gender'
  | 'nationality'
  | 'ethnicity'
  | 'religion'
  | 'placeOfOrigin'
  | 'permanentAddress'
  | 'currentAddress'

/**
 * Returns a citizen's record from the population database, limited to the fields the sender's access rights allow.
 */
export interface CitizenLookupRequest {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  /**
   * Why the record is needed (legal basis or dossier), kept with the message for audit.
   */
  purpose: string
}
/**
 * This interface was referenced by `CitizenLookupRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface CitizenLookupReply {
  found: boolean
  citizen?: CitizenRecord
}
/**
 * Only the fields the sender may see are present.
 */
export interface CitizenRecord {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  fullName?: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  dateOfBirth?: string
  gender?: 'male' | 'female'
  nationality?: string
  ethnicity?: string
  religion?: string
  placeOfOrigin?: string
  permanentAddress?: string
  currentAddress?: string
}
