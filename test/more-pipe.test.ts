/**
 * pipe through the CLI: ping-pong over a duplex Pipe, every message once
 * and in order, then EOFError once the pinger closed its end; --one-way:
 * each end refuses the call it does not allow, the messages go one way, and
 * EOFError follows the close; bad option values exit 2.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {JsonRun} from './support/cli.ts';
import {cli, jsonRun, pool} from './support/cli.ts';

/** What a process of the run logged under `key`, in order. */
const logged = (run: JsonRun, proc: string, key: string) =>
	run.events.filter(event => event.type === 'log' && event.proc === proc && event.data?.[key] !== undefined).map(event => event.data[key]);

describe('pipe', () => {
	test('ping-pong: every message once, in order, then EOFError', async () => {
		const [run, many] = await pool(2, [() => jsonRun(['pipe', '--fast', '--strict']), () => jsonRun(['ping-pong', '--messages', '50', '--fast'])]);
		for (const [r, n] of [
			[run!, 5],
			[many!, 50],
		] as const) {
			assert.equal(r.summary.verdict.code, 'exchanged', JSON.stringify(r.summary));
			assert.equal(r.result.code, 0);
			const pings = Array.from({length: n}, (_, i) => `ping ${i + 1}`);
			const pongs = Array.from({length: n}, (_, i) => `pong ${i + 1}`);
			assert.deepEqual(logged(r, 'pinger', 'sent'), pings);
			assert.deepEqual(logged(r, 'ponger', 'got'), pings);
			assert.deepEqual(logged(r, 'ponger', 'sent'), pongs);
			assert.deepEqual(logged(r, 'pinger', 'got'), pongs);
			assert.deepEqual(logged(r, 'ponger', 'eof'), [true]);
			assert.equal(r.summary.hang, undefined);
		}
	});

	test('--one-way: a read-only and a write-only end', async () => {
		const r = await jsonRun(['pipe', '--one-way', '--fast', '--strict']);
		assert.equal(r.summary.verdict.code, 'exchanged', JSON.stringify(r.summary));
		assert.equal(r.result.code, 0);
		const messages = Array.from({length: 5}, (_, i) => `message ${i + 1}`);
		assert.deepEqual(logged(r, 'writer', 'sent'), messages);
		assert.deepEqual(logged(r, 'reader', 'got'), messages);
		assert.deepEqual(logged(r, 'reader', 'refused'), ['send']);
		assert.deepEqual(logged(r, 'writer', 'refused'), ['recv']);
		assert.deepEqual(logged(r, 'reader', 'eof'), [true]);
	});

	test('bad option values exit 2', async () => {
		const results = await pool(2, [() => cli(['pipe', '--messages', '0']), () => cli(['pipe', '--messages', 'x']), () => cli(['pipe', '--one-way', 'no'])]);
		for (const result of results) {
			assert.equal(result.code, 2, `${result.args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
		}
	});
});
