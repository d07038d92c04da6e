import assert from 'node:assert/strict';
import {test} from 'node:test';
import {catalog} from '../../scenarios/index.ts';
import {defaultLang, LANGS, texts} from '../../src/lang/index.ts';
import {englishLines} from '../support/english.ts';

test('every scenario has its entry in every language, and every entry a scenario', () => {
	const names = catalog.map(entry => entry.name).sort();
	for (const lang of LANGS) {
		const lessons = texts(lang).scenarios as Record<string, {summary: string; explain: string[]}>;
		assert.deepEqual(Object.keys(lessons).sort(), names, lang);
		for (const name of names) {
			assert.ok(lessons[name]!.summary.length > 0, `${lang} ${name}: a summary`);
			assert.ok(lessons[name]!.explain.length > 0, `${lang} ${name}: lesson points`);
		}
	}
});

test('the default language: SYNC_DEMO_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else English', () => {
	assert.equal(defaultLang({}), 'en');
	assert.equal(defaultLang({LANG: 'zh_CN.UTF-8'}), 'zh');
	assert.equal(defaultLang({LANG: 'zh_TW.UTF-8'}), 'zh');
	assert.equal(defaultLang({LANG: 'fr_FR.UTF-8'}), 'en');
	assert.equal(defaultLang({LANG: 'zh_CN.UTF-8', LC_ALL: 'C'}), 'en', 'LC_ALL first');
	assert.equal(defaultLang({LANG: 'C', LC_MESSAGES: 'zh_CN.UTF-8'}), 'zh', 'LC_MESSAGES before LANG');
	assert.equal(defaultLang({LANG: 'zh_CN.UTF-8', LC_ALL: ''}), 'zh', 'an empty variable counts as unset');
	assert.equal(defaultLang({SYNC_DEMO_LANG: 'en', LANG: 'zh_CN.UTF-8'}), 'en');
	assert.equal(defaultLang({SYNC_DEMO_LANG: 'zh', LANG: 'C'}), 'zh');
	assert.throws(() => defaultLang({SYNC_DEMO_LANG: 'fr'}), /SYNC_DEMO_LANG must be one of en, zh, got "fr"/);
});

test('the English finder flags English and lets names through', () => {
	assert.deepEqual(englishLines('  0.100s client-0    123  · waits to acquire lock db-lock'), ['  0.100s client-0    123  · waits to acquire lock db-lock']);
	assert.deepEqual(englishLines('✔ safe: 1 of 1 ticket sold'), ['✔ safe: 1 of 1 ticket sold']);
	assert.deepEqual(englishLines('  · 已启动'), []);
	assert.equal(englishLines('  0.1s car-3.2  99  车2在等待......').length, 0, 'a process name');
	assert.equal(englishLines('⏸ 卡死: consumer (进程号 1) 阻塞在 queue.get(): 队列 "q" 是空的').length, 0, 'an API call');
	assert.equal(englishLines('试试: sync-demo ticket-grab --fast', ['ticket-grab']).length, 0, 'a scenario and an option');
	assert.equal(englishLines('  4 │ def work(n):').length, 0, 'a code listing');
	assert.equal(englishLines('1234(get):1234(put):Sat Nov 28 15:38:07 2026').length, 0, "the tutorial's asctime()");
	assert.equal(englishLines('lunch').length, 1, 'one word is enough');
	assert.equal(englishLines('这里是 `new Queue({maxsize})`: 数据').length, 0, 'code quoted in a sentence');
});
