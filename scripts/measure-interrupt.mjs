/**
 * How fast the CLI answers SIGINT: from the signal to the "stopping" line on
 * stderr and to the process's exit, three runs each, on a slow --speed and
 * during a 128-process start; `spawns` counts the children that were forked.
 * Usage: node scripts/measure-interrupt.mjs [checkout] (default: this one).
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const dir = process.argv[2] ?? path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(dir, 'bin', 'sync-demo.js');

function interrupted(args, after) {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [bin, ...args, '--json'], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}});
		let sent = 0;
		let stopping = 0;
		let out = '';
		child.stderr.on('data', data => {
			if (!stopping && String(data).includes('stopping')) stopping = performance.now();
		});
		child.stdout.on('data', data => {
			out += data;
		});
		setTimeout(() => {
			sent = performance.now();
			child.kill('SIGINT');
		}, after);
		child.on('exit', code => {
			const spawns = out.split('\n').filter(line => line.includes('"type":"spawn"')).length;
			resolve({code, msToStopping: stopping ? Math.round(stopping - sent) : null, msToExit: Math.round(performance.now() - sent), spawns});
		});
	});
}

for (let i = 0; i < 3; i++)
	console.log('queue-message --speed 0.05, SIGINT at 1.5 s:', JSON.stringify(await interrupted(['queue-message', '--speed', '0.05'], 1500)));
for (let i = 0; i < 3; i++)
	console.log(
		'queue-safety --putters 64 --getters 64, SIGINT at 0.5 s:',
		JSON.stringify(await interrupted(['queue-safety', '--putters', '64', '--getters', '64'], 500)),
	);
