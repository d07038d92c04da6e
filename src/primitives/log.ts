import {hasPort, port} from '../ipc/port.ts';

/**
 * Print a line as this process. In a run, it travels to the main process
 * with a timestamp on the same channel as the sync operations, so lines and
 * operations keep their real order; outside a run it goes to stdout.
 * `data` rides along unprinted: facts the runner counts (items made, taken);
 * with empty `text` nothing is printed and only the facts travel.
 */
export function log(text: string, data?: Record<string, unknown>): void {
	if (!hasPort() && !process.env.SYNC_DEMO_CHILD) {
		if (text !== '') console.log(text);
		return;
	}
	port().post({op: 'log', target: '', text, ...(data ? {data} : {})});
}
