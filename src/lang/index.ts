/**
 * Everything sync-demo says, one catalogue per language: `en/` and `zh/`,
 * the same keys in each (the compiler checks `zh` against `en`'s shape).
 * No code of the project below or beside it: the run, the CLI, scenarios
 * and their processes all read it.
 */
import type {Catalogue} from './en/index.ts';
import {en} from './en/index.ts';
import {zh} from './zh/index.ts';

export type {Catalogue};
export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];
export type ScenarioName = keyof Catalogue['scenarios'];

export function texts(lang: Lang): Catalogue {
	return lang === 'zh' ? zh : en;
}

/**
 * The language when `--lang` is not given: SYNC_DEMO_LANG if set (it must
 * name a language), else the locale (LC_ALL, LC_MESSAGES, LANG, first set
 * wins): `zh…` is Chinese, anything else English.
 */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
	const chosen = env.SYNC_DEMO_LANG;
	if (chosen !== undefined && chosen !== '') {
		if (!(LANGS as readonly string[]).includes(chosen)) throw new RangeError(`SYNC_DEMO_LANG must be one of ${LANGS.join(', ')}, got "${chosen}"`);
		return chosen as Lang;
	}
	const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find(value => value !== undefined && value !== '');
	return locale !== undefined && /^zh/i.test(locale) ? 'zh' : 'en';
}
