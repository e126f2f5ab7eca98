/**
 * An error the user can act on: a bad option, input, file, policy or model, said in words. Every
 * layer's such errors extend it, so a front end tells them from bugs in one test: the CLI prints
 * the message without a stack trace and exits 2.
 */
export class UserError extends Error {
  override name = 'UserError';
}
