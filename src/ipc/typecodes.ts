/**
 * The item types of a shared Value or SharedArray, named by Python's
 * `array`/ctypes typecodes, and how one item is read from and written to
 * bytes. Integers wrap to their width as ctypes does (a `'i'` set to 2**31
 * reads -2**31); the 64-bit codes read as bigint, so no value is rounded.
 */
import os from 'node:os';
import {expected} from '../errors.ts';

/** Item sizes as on Linux x86-64 and arm64 (LP64: C `long` is 64-bit). */
const SIZES = {b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, f: 4, d: 8} as const;

export type Typecode = keyof typeof SIZES;
/** The codes of 64-bit integers, read as bigint. */
export type BigTypecode = 'l' | 'L' | 'q' | 'Q';
/** What an item of typecode `T` reads as. */
export type ItemOf<T extends Typecode> = T extends BigTypecode ? bigint : number;
/** What an item may be set to: any integer (number or bigint) for the integer codes, any number for `'f'` and `'d'`. */
export type ItemInput = number | bigint;

export const TYPECODES = Object.keys(SIZES) as Typecode[];

const BITS: Partial<Record<Typecode, {bits: number; signed: boolean}>> = {
	b: {bits: 8, signed: true},
	B: {bits: 8, signed: false},
	h: {bits: 16, signed: true},
	H: {bits: 16, signed: false},
	i: {bits: 32, signed: true},
	I: {bits: 32, signed: false},
	l: {bits: 64, signed: true},
	L: {bits: 64, signed: false},
	q: {bits: 64, signed: true},
	Q: {bits: 64, signed: false},
};

/** Items are stored in the machine's byte order: every process of a run is on this machine. */
const LE = os.endianness() === 'LE';

export function isTypecode(value: unknown): value is Typecode {
	return typeof value === 'string' && Object.hasOwn(SIZES, value);
}

/** `typecode`, checked: an unknown one is a TypeError, as ctypes gives for a type it cannot size. */
export function checkTypecode(typecode: unknown): Typecode {
	if (!isTypecode(typecode)) throw expected(`one of the typecodes ${TYPECODES.map(code => `'${code}'`).join(', ')}`, 'typecode', typecode);
	return typecode;
}

export function itemSize(typecode: Typecode): number {
	return SIZES[typecode];
}

/** What `value` becomes once stored as `typecode`, checked: a TypeError for what ctypes would refuse (a fraction for an integer, a string). */
function normalize(typecode: Typecode, value: unknown, name: string): number | bigint {
	const int = BITS[typecode];
	if (!int) {
		if (typeof value === 'number') return value;
		if (typeof value === 'bigint') {
			const number = Number(value);
			// Python raises OverflowError for an int too large for a float.
			if (!Number.isFinite(number)) throw new RangeError(`${name} ${value} is too large to convert to a float ('${typecode}')`);
			return number;
		}
		throw expected(`a number (typecode '${typecode}')`, name, value);
	}
	let big: bigint;
	if (typeof value === 'bigint') big = value;
	else if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
	else throw expected(`an integer (typecode '${typecode}')`, name, value);
	const wrapped = int.signed ? BigInt.asIntN(int.bits, big) : BigInt.asUintN(int.bits, big);
	return int.bits === 64 ? wrapped : Number(wrapped);
}

/** Write `value` as `typecode` at `offset` of `view`; throws before writing anything if the value does not fit the type. */
export function writeItem(view: DataView, offset: number, typecode: Typecode, value: unknown, name = 'value'): void {
	const item = normalize(typecode, value, name);
	switch (typecode) {
		case 'b':
			return view.setInt8(offset, item as number);
		case 'B':
			return view.setUint8(offset, item as number);
		case 'h':
			return view.setInt16(offset, item as number, LE);
		case 'H':
			return view.setUint16(offset, item as number, LE);
		case 'i':
			return view.setInt32(offset, item as number, LE);
		case 'I':
			return view.setUint32(offset, item as number, LE);
		case 'l':
		case 'q':
			return view.setBigInt64(offset, item as bigint, LE);
		case 'L':
		case 'Q':
			return view.setBigUint64(offset, item as bigint, LE);
		case 'f':
			return view.setFloat32(offset, item as number, LE);
		case 'd':
			return view.setFloat64(offset, item as number, LE);
	}
}

/** Read the item of `typecode` at `offset` of `view`. */
export function readItem<T extends Typecode>(view: DataView, offset: number, typecode: T): ItemOf<T> {
	switch (typecode as Typecode) {
		case 'b':
			return view.getInt8(offset) as ItemOf<T>;
		case 'B':
			return view.getUint8(offset) as ItemOf<T>;
		case 'h':
			return view.getInt16(offset, LE) as ItemOf<T>;
		case 'H':
			return view.getUint16(offset, LE) as ItemOf<T>;
		case 'i':
			return view.getInt32(offset, LE) as ItemOf<T>;
		case 'I':
			return view.getUint32(offset, LE) as ItemOf<T>;
		case 'l':
		case 'q':
			return view.getBigInt64(offset, LE) as ItemOf<T>;
		case 'L':
		case 'Q':
			return view.getBigUint64(offset, LE) as ItemOf<T>;
		case 'f':
			return view.getFloat32(offset, LE) as ItemOf<T>;
		case 'd':
			return view.getFloat64(offset, LE) as ItemOf<T>;
	}
}

/** The zero of `typecode`: what a new item holds (0n for the 64-bit codes). */
export function zeroOf<T extends Typecode>(typecode: T): ItemOf<T> {
	return (typecode in BITS && BITS[typecode]!.bits === 64 ? 0n : 0) as ItemOf<T>;
}

/** An item as Python's repr shows it in `<Value('i', 5)>`: bigints without the `n`, floats with a point (`3.0`, `inf`, `nan`). */
export function showItem(typecode: Typecode, item: number | bigint): string {
	if (typeof item === 'bigint' || BITS[typecode]) return String(item);
	if (Number.isNaN(item)) return 'nan';
	if (!Number.isFinite(item)) return item > 0 ? 'inf' : '-inf';
	if (Number.isInteger(item) && Math.abs(item) < 1e16) return `${Object.is(item, -0) ? '-0' : String(item)}.0`;
	return String(item);
}
