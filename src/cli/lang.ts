import type {Lang} from '../lang/index.ts';
import {defaultLang, LANGS} from '../lang/index.ts';

/** The language as far as the command line shows it before commander parses it: for help and signal messages. */
export function earlyLang(argv: readonly string[]): Lang {
	const at = argv.findIndex(arg => arg === '--lang' || arg.startsWith('--lang='));
	const value = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.slice('--lang='.length) : argv[at + 1];
	if (value !== undefined && (LANGS as readonly string[]).includes(value)) return value as Lang;
	try {
		return defaultLang();
	} catch {
		return 'en';
	}
}
