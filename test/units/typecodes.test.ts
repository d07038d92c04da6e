/**
 * The typecodes of Value and SharedArray on their own: sizes, ranges and
 * wrapping as Python's ctypes gives them on Linux x86-64, float64 exact, and
 * what is refused (no file, no process).
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Typecode} from '../../src/ipc/typecodes.ts';
import {checkTypecode, itemSize, readItem, TYPECODES, writeItem} from '../../src/ipc/typecodes.ts';

function roundTrip(typecode: Typecode, value: unknown): number | bigint {
	const view = new DataView(new ArrayBuffer(8));
	writeItem(view, 0, typecode, value);
	return readItem(view, 0, typecode);
}

describe('typecodes', () => {
	test("item sizes are ctypes' on LP64 Linux", () => {
		assert.deepEqual(Object.fromEntries(TYPECODES.map(code => [code, itemSize(code)])), {
			b: 1,
			B: 1,
			h: 2,
			H: 2,
			i: 4,
			I: 4,
			l: 8,
			L: 8,
			q: 8,
			Q: 8,
			f: 4,
			d: 8,
		});
	});

	test('integers wrap to their width, as c_byte(300) is 44 and c_int(2**31) is -2**31', () => {
		const cases: Array<[Typecode, unknown, number | bigint]> = [
			['b', 127, 127],
			['b', 128, -128],
			['b', 300, 44],
			['b', -129, 127],
			['B', -1, 255],
			['B', 256, 0],
			['B', 300, 44],
			['h', 32768, -32768],
			['H', -1, 65535],
			['H', 65536, 0],
			['i', 2 ** 31 - 1, 2 ** 31 - 1],
			['i', 2 ** 31, -(2 ** 31)],
			['i', -(2 ** 31) - 1, 2 ** 31 - 1],
			['i', 2 ** 32 + 5, 5],
			['i', 2n ** 40n + 5n, 5],
			['i', 2 ** 60, 0],
			['i', -0, 0],
			['I', -1, 2 ** 32 - 1],
			['I', 2 ** 32, 0],
			['q', 2n ** 63n - 1n, 2n ** 63n - 1n],
			['q', 2n ** 63n, -(2n ** 63n)],
			['q', 2n ** 64n + 3n, 3n],
			['q', -1, -1n],
			['q', 2 ** 53, 2n ** 53n],
			['l', 2n ** 63n, -(2n ** 63n)],
			['Q', -1n, 2n ** 64n - 1n],
			['Q', 2n ** 64n, 0n],
			['L', -1, 2n ** 64n - 1n],
		];
		for (const [code, value, expected] of cases) assert.equal(roundTrip(code, value), expected, `${code} ${String(value)}`);
	});

	test("'d' keeps every float64 exactly; 'f' rounds to float32", () => {
		const doubles = [0, -0, 0.1, -4.25, 1 / 3, 5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NaN];
		const bits = new DataView(new ArrayBuffer(8));
		for (let i = 0; i < 1000; i++) {
			bits.setUint32(0, (Math.random() * 2 ** 32) >>> 0);
			bits.setUint32(4, (Math.random() * 2 ** 32) >>> 0);
			doubles.push(bits.getFloat64(0));
		}
		for (const x of doubles) assert.equal(roundTrip('d', x), x, `d ${x}`);
		assert.equal(roundTrip('d', 5n), 5, 'an integer is a float too, as in ctypes');
		assert.equal(roundTrip('f', 0.1), Math.fround(0.1));
		assert.equal(roundTrip('f', 16777217), 16777216);
		assert.equal(roundTrip('f', 1e40), Number.POSITIVE_INFINITY);
	});

	test('refused: unknown typecodes, fractions and non-numbers for integers, non-numbers for floats, a bigint beyond float range', () => {
		for (const code of ['c', 'u', 'x', 'I ', '', 1, null]) assert.throws(() => checkTypecode(code), TypeError, `typecode ${String(code)}`);
		for (const code of TYPECODES) assert.equal(checkTypecode(code), code);
		const view = new DataView(new ArrayBuffer(8));
		for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', true, null, undefined, {}])
			for (const code of ['b', 'i', 'q', 'Q'] as const) assert.throws(() => writeItem(view, 0, code, bad), TypeError, `${code} ${String(bad)}`);
		for (const bad of ['1', true, null, undefined]) assert.throws(() => writeItem(view, 0, 'd', bad), TypeError, `d ${String(bad)}`);
		assert.throws(() => writeItem(view, 0, 'd', 10n ** 400n), RangeError);
		writeItem(view, 0, 'i', 99);
		assert.throws(() => writeItem(view, 0, 'i', 'x'), TypeError);
		assert.equal(readItem(view, 0, 'i'), 99, 'a refused item writes nothing');
	});
});
