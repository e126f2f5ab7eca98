import { UserError } from '../db/errors.js';
/** An input that cannot be read as given (a path that names nothing, a bad URL, a bad option). */
export class InputError extends UserError {
  override readonly name: string = 'InputError';
}
