/** `sync-demo run <file>` 对学习者自己的程序说的话 (中文)。 */
import type {Catalogue} from '../en/index.ts';

/** "a"、"a 和 b"、"a、b 和 c"。 */
function list(names: readonly string[]): string {
	return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join('、')} 和 ${names.at(-1)}`;
}

const them = (names: readonly string[]) => (names.length === 1 ? '它' : '它们');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} 秒`;

export const program: Catalogue['program'] = {
	errors: {
		noFile: file => `没有这个文件: ${file}`,
		notFile: file => `${file} 不是一个文件`,
		extension: (file, extensions) => `${file} 不是 JavaScript 或 TypeScript 模块: sync-demo run 只接受 ${extensions.join(', ')}`,
		notModule: (file, why) => `无法加载 ${file}: ${why}`,
		scenarioOnly: flag => `${flag} 设定的是场景的节奏; 你自己的程序按它自己的节奏运行`,
	},
	title: (file, args) => `▶ ${[file, ...args].join(' ')}  (你的程序)`,
	leaked: names => `主代码已经返回, 而 ${list(names)} 还在运行: 像 Python 在退出时那样 join() 等待${them(names)}`,
	verdicts: {
		clean: (children, status) =>
			`${children === 0 ? '没有看到任何进程: 程序一个进程也没有启动' : `启动了 ${children} 个进程, 全部正常结束: 没有卡死、崩溃或被遗留运行的`}${status === 0 ? '' : `; 程序的退出状态是 ${status}`}`,
		leaked: names =>
			`主代码返回时 ${list(names)} 还在运行; sync-demo 像 Python 在退出时那样 join() 了${them(names)} — 请在主代码里对${them(names)}调用 join(), 或者把${them(names)}设为守护进程`,
		crashed: who => list(who),
		crashedChild: (who, code, first) => `${who} 退出, 退出码 ${code}${first === undefined ? '' : `: ${first}`}`,
		crashedMain: (proc, error) => `${proc} 抛出了 ${error}`,
		killedChild: (who, signal) => `${who} 被 ${signal} 杀死`,
		deadlock: cycle =>
			cycle.length === 1
				? `${cycle[0]} 在等待它自己持有的东西, 而没有别人能释放它 (Lock 不可重入: 先释放它, 或者改用 RLock)`
				: `${[...cycle, cycle[0]].join(' → ')}: 每个进程都在等下一个进程持有的东西, 谁也无法继续 — 在所有地方按同一个顺序获取它们共用的东西`,
	},
	profile: {
		primitivesHead: ['原语', '操作次数', '等待次数', '总等待', '最长等待', '峰值'],
		processesHead: ['进程', '进程号', '运行', '阻塞', '阻塞在'],
		noPrimitives: '没有用到任何原语',
		holders: n => `${n} 个持有者`,
		size: n => `队列中 ${n} 个`,
		seconds,
		share: (blocked, ran) => `${seconds(blocked)} (${ran > 0 ? Math.round((blocked / ran) * 100) : 0}%)`,
		on: (label, ms) => `${label} ${seconds(ms)}`,
	},
};
