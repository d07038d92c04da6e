import {displayWidth} from '../../src/cli/text.ts';
import type {CliResult} from './watched.ts';

/** Lines of a run's stdout and stderr wider than `width` terminal columns, with where they came from. */
export function tooWide(result: CliResult, width = 80): string[] {
	return `${result.stdout}\n${result.stderr}`
		.split('\n')
		.filter(line => displayWidth(line) > width)
		.map(line => `sync-demo ${result.args.join(' ')}: ${displayWidth(line)} columns: ${line}`);
}
