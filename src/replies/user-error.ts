/**
 * An error the user caused (bad input, missing permission, nothing to review). The router
 * shows its message ephemerally and does not log it as a fault.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
