/** The accounts part's public face: roles, passwords, the account service, the first admin. */
export { AccountError, type AccountErrorCode } from './account-error.js';
export type {
  LoginFailureRule,
  TokenRecord,
  TokenView,
  UserPatch,
  UserRecord,
  UserView,
} from './account-records.js';
export {
  AccountService,
  type AccountServiceOptions,
  type AddUserInput,
  DEFAULT_LOCKOUT,
  hashTokenSecret,
  type LockoutPolicy,
  type LoginFailure,
  type LoginResult,
  TOKEN_PREFIX,
  USERNAME_PATTERN,
} from './account-service.js';
export {
  ADMIN_PASSWORD_ENV,
  ensureFirstAdmin,
  FIRST_ADMIN_USERNAME,
  type FirstAdminLog,
  type FirstAdminOptions,
  type FirstAdminResult,
} from './first-admin.js';
export {
  DEFAULT_SCRYPT_PARAMS,
  findPasswordProblem,
  generatePassword,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPasswordHash,
} from './passwords.js';
export {
  ANONYMOUS_CAPABILITIES,
  CAPABILITIES,
  type Capability,
  can,
  isRole,
  isTokenScope,
  ROLE_CAPABILITIES,
  ROLES,
  type Role,
  SCOPE_CAPABILITIES,
  TOKEN_SCOPES,
  type TokenScope,
  tokenCan,
} from './roles.js';
