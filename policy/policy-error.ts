import { UserError } from '../db/errors.js';

/** A policy file that cannot be read or does not validate; the message names the file and the key. */
export class PolicyError extends UserError {
  override readonly name: string = 'PolicyError';
}
