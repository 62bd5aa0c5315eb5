import { AppError } from '../core/errors';

/** A commander option parser for a whole number in [min, max]; anything else is a usage error (exit 2) naming the flag. */
export function wholeNumber(flag: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new AppError('BAD_REQUEST', `${flag} must be a whole number from ${min} to ${max}, not "${v}".`, { param: flag });
    return n;
  };
}
