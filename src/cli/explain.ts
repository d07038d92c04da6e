import fs from 'node:fs';
import type {Listing, ScenarioInfo} from '../../scenarios/index.ts';
import {codeFile} from '../../scenarios/index.ts';
import type {Lang, ScenarioName} from '../lang/index.ts';
import {texts} from '../lang/index.ts';
import {wrap} from './text.ts';

/** A code line's gutter; lines that continue a long one have the same. */
const GUTTER = '  │ ';

/** The lesson: its points, each wrapped to `width` under a bullet, then what to try. */
export function renderLesson(scenario: ScenarioInfo, lang: Lang, width: number): string {
	const say = texts(lang);
	const points = say.scenarios[scenario.name as ScenarioName].explain.flatMap(point =>
		wrap(point, width - 4).map((line, i) => `${i === 0 ? '  • ' : '    '}${line}`),
	);
	const tail = [say.tool.explain.try(scenario.name), ...wrap(say.tool.explain.seeCode(scenario.name), width)];
	return `${scenario.name} (${scenario.primitive})\n\n${points.join('\n')}\n\n${tail.join('\n')}`;
}

/** Code with a gutter, each line wrapped to `width` keeping its indentation. */
function listing(code: string, width: number): string[] {
	return code.split('\n').flatMap(line => {
		const indent = /^ */.exec(line)![0];
		const room = Math.max(10, width - GUTTER.length - indent.length);
		return wrap(line.slice(indent.length), room, 2).map((part, i) => `${GUTTER}${indent}${i === 0 ? '' : '  '}${part}`.trimEnd());
	});
}

/** The scenario's TypeScript (its process targets, then main), followed by the tutorial's Python programs it re-tells. */
export function renderCode(scenario: ScenarioInfo, lang: Lang, width: number): string {
	const say = texts(lang).tool.explain;
	const all = JSON.parse(fs.readFileSync(codeFile, 'utf8')) as Record<string, Listing>;
	const code = all[scenario.name];
	if (!code) throw new Error(`no code listing for ${scenario.name}: run npm run build`);
	const out: string[] = [say.codeTitle(scenario.name, scenario.primitive), ''];
	const heading = (text: string) => out.push(...wrap(text, width));
	heading(say.typescript(code.file));
	for (const part of code.typescript) {
		out.push('');
		heading(part.name === 'main' ? say.main : say.target(part.name, part.from ?? ''));
		out.push(...listing(part.code, width));
	}
	if (code.python.length === 0) {
		out.push('');
		heading(say.noPython);
	}
	for (const program of code.python) {
		out.push('');
		heading(say.python(program.options ?? ''));
		heading(say.source(program.tutorial, program.author, program.date, program.section));
		out.push(...listing(program.code, width));
	}
	return out.join('\n');
}
