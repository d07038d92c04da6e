import {InvalidArgumentError} from 'commander';

// Option values as commander hands them over: each parser returns the value or throws a one-line reason.

/**
 * --speed bounds. The slowest keeps the longest sleep a scenario allows (600 s: --red, --green,
 * pc-v1's delays) at 600 000 s of real time, within a Node timer's 2^31-1 ms; the fastest is
 * already far beyond what process start-up lets a run show.
 */
const MIN_SPEED = 0.001;
const MAX_SPEED = 1000;

/** A whole number in [min, max]; the message says what was expected and what came. */
export function integer(flag: string, min: number, max: number): (value: string) => number {
	return value => {
		if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected ${min === 0 ? 'an integer ≥ 0' : 'a positive integer'}, got "${value}"`);
		const n = Number(value);
		if (n < min) throw new InvalidArgumentError(`expected ${min === 0 ? 'an integer ≥ 0' : 'a positive integer'}, got "${value}"`);
		if (n > max) throw new InvalidArgumentError(`${n} is too large for ${flag}: the limit is ${max}`);
		return n;
	};
}

/** A number > 0 and ≤ max. */
export function positiveNumber(flag: string, max: number): (value: string) => number {
	return value => {
		const n = Number(value);
		if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0, got "${value}"`);
		if (n > max) throw new InvalidArgumentError(`${n} is too large for ${flag}: the limit is ${max}`);
		return n;
	};
}

/** --speed, within both bounds, named in the message. */
export function speedFactor(value: string): number {
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n) || n < MIN_SPEED || n > MAX_SPEED)
		throw new InvalidArgumentError(`--speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got "${value}"`);
	return n;
}
