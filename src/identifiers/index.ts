export * from './agency-code.js'
export * from './personal-id.js'
export * from './enterprise-code.js'
export * from './dossier-code.js'
