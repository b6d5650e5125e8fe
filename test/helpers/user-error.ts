import { expect } from 'vitest';
import { UserError } from '../../src/util/errors.js';

/** Runs `fn`, expects it to throw a UserError, and returns that error for the message checks. */
export function thrownUserError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}
