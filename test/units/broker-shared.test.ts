/**
 * The broker's units for Value and SharedArray: registered with their file
 * and lock, no operations, `info()` read from the file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {fakeBroker} from '../support/fake-broker.ts';

test('value and array units: info() reads the file; any operation on them is refused', t => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-unit-'));
	t.after(() => fs.rmSync(dir, {recursive: true, force: true}));
	const valueFile = path.join(dir, 'value');
	const bytes = Buffer.alloc(8);
	bytes.writeBigInt64LE(-(2n ** 40n));
	fs.writeFileSync(valueFile, bytes);
	const arrayFile = path.join(dir, 'array');
	fs.writeFileSync(arrayFile, Buffer.alloc(12));
	const {broker, events, peer, register} = fakeBroker();
	const lock = {__sync: 'lock', id: 'lock#1', name: 'guard'} as const;
	register({__sync: 'value', id: 'value#1', name: 'v', path: valueFile, typecode: 'q', length: 1, lock});
	register({__sync: 'array', id: 'array#1', name: 'a', path: arrayFile, typecode: 'i', length: 3});
	assert.deepEqual(broker.info('value#1', 'value'), {typecode: 'q', value: -(2n ** 40n), path: valueFile, lock: 'guard'});
	assert.deepEqual(broker.info('array#1', 'array'), {typecode: 'i', length: 3, path: arrayFile, lock: null});
	bytes.writeBigInt64LE(7n);
	fs.writeFileSync(valueFile, bytes);
	assert.equal(broker.info('value#1', 'value').value, 7n, 'read now, not remembered');

	const p = peer('p');
	// Reaches the unit (the kind's prefix matches), whose switch has no case: refused there.
	for (const kind of ['value', 'array']) {
		const req = p.op({op: `${kind}.get`, target: `${kind}#1`} as never);
		const reply = p.reply(req) as {ok: boolean; message: string};
		assert.equal(reply.ok, false);
		assert.equal(reply.message, `unknown operation ${kind}.get`);
	}
	assert.deepEqual(events, [], 'nothing to report: no operations');
});
