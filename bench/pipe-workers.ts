/** What the Pipe benchmark children run (beside workers.ts, which the other twins share). */
import type {Connection} from '../src/index.ts';

/** pipe ping-pong: send back every value until null. */
export async function pipeEcho(conn: Connection): Promise<void> {
	for (let value = await conn.recv(); value !== null; value = await conn.recv()) await conn.send(value);
}

/** pipe throughput: answer a hello, receive until null, then send back how many came and their sum. */
export async function pipeSink(conn: Connection): Promise<void> {
	await conn.send(await conn.recv());
	let n = 0;
	let sum = 0;
	for (let value = await conn.recv<number | null>(); value !== null; value = await conn.recv<number | null>()) {
		n++;
		sum += value;
	}
	await conn.send({n, sum});
}

/** Module URL of these functions, next to the calling file (.ts under tsx, .js when compiled). */
export function pipeWorkersUrl(from: string): URL {
	return new URL(from.endsWith('.ts') ? './pipe-workers.ts' : './pipe-workers.js', from);
}
