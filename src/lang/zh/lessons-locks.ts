/** 锁、信号量和事件的课 (中文): list 的一行, 要点, 程序打印的行, 结论。 */
import type {Catalogue} from '../en/index.ts';

type Lessons = Catalogue['scenarios'];

export const lessonsLocks: Pick<Lessons, 'print-race' | 'ticket-grab' | 'arcade-semaphore' | 'event-basics' | 'traffic-light'> = {
	'print-race': {
		summary: '多个进程共用一个终端; 锁让每个进程的 开始/完毕 两行挨在一起',
		explain: [
			'进程一旦启动就各自运行, 没有顺序, 也不受人控制。进程之间数据不共享, 但共享同一套文件系统和同一个终端: 共享带来竞争, 竞争的结果就是错乱。',
			'五个进程各自打印 "0 >>> 9748号进程正在执行" 这样的一行, 随机睡 0–1 秒, 再打印 "0 >>> 9748号进程执行完毕"。不加锁时, 它们的行互相穿插。',
			'教程的办法是加锁。`with lock:` (等同于前面 lock.acquire(), 后面 lock.release()) 保证每次只有一个进程执行这段代码; 这里用 lock.withLock(fn), 或者 acquire() 和 release()。',
			'加上 --lock, 每一对行都挨在一起: 并发变成了串行。牺牲了运行效率, 但避免了竞争。',
			'这里的进程在起跑线上等待 (一个事件, 主进程在所有进程都启动后才设置它): 启动一个 Node 进程要几十毫秒, 而 Python 的 `fork()` 只要一毫秒左右。在很高的 --speed 下启动时间仍然占主导, 竞争可能显现不出来, 结论会说明这一点。',
		],
		lines: {
			running: (n, pid) => `${n} >>> ${pid}号进程正在执行`,
			done: (n, pid) => `${n} >>> ${pid}号进程执行完毕`,
		},
		verdict: {
			interleaved: (interleaved, workers) => `${workers} 对 开始/完毕 行中有 ${interleaved} 对被其他进程的行插入`,
			serialized: workers => `${workers} 对 开始/完毕 行全都挨在一起`,
			notShown: (workers, sleepMs, speed, spreadMs) =>
				`${workers} 对 开始/完毕 行全都挨在一起, 但没有 --lock 时这只是运气: 竞争没有显现, 因为每个进程都在下一个进程打印第一行之前打印完了两行 —— 每个进程最多睡 ${sleepMs} 毫秒 (速度 ${speed}), 而它们开始的时间分散在 ${spreadMs} 毫秒内; 用更低的 --speed 就能看到竞争`,
		},
	},
	'ticket-grab': {
		summary: '多个客户端从一个 JSON 文件抢最后一张票; 加锁防止超卖',
		explain: [
			'一个 JSON 文件保存 {"count": 1}。每个客户端先查看剩余票数 (search()), 再抢票 (get()): 读文件, 等 0.5 秒 (模拟读取数据的网络延迟), 还有票就减一, 等 1 秒 (模拟写入的网络延迟) 再写回文件。',
			'不加锁时, 每个客户端都在别人写回之前读到剩余票数 1: 每个人都抢到了这最后一张票。并发运行效率高, 但竞争写同一个文件, 数据就错乱了。',
			'加上 --lock, 每个客户端抢票前加锁、抢完解锁 ("锁"也要作为参数传给需要加锁的进程, 和教程一样): 购票由并发变成串行, 只有一个人抢到票。',
			'教程对进程锁的总结: 加锁保证多个进程修改同一块数据时, 同一时间只有一个在改, 即串行地修改。牺牲了速度, 却保证了数据安全。',
			'用文件共享数据也能实现进程间通信, 但问题是: 效率低 (数据在硬盘上), 还要自己加锁。我们想要的是: 效率高 (多个进程共享内存中的数据), 并且帮我们处理好锁 —— 这就是 multiprocessing 提供的基于消息的 IPC: 队列和管道。',
			'队列基于管道加锁实现。应尽量避免共享数据, 尽可能使用消息传递和队列, 不必自己处理复杂的同步和锁, 进程数目增多时也往往有更好的可扩展性。接下来是队列的课。',
			'这里的文件放在本次运行的私有目录里, 客户端在起跑线上等待, 保证三个客户端都在有人写回之前读到文件, 就像 Python 快速的 `fork()` 那样。',
		],
		lines: {
			left: count => `剩余票数${count}`,
			bought: i => `${i}号用户购票成功`,
		},
		verdict: {
			oversold: (sold, available) => `卖出 ${sold} 张票, 但只有 ${available} 张: 竞争导致超卖`,
			safe: (sold, available, left) => `${available} 张票卖出 ${sold} 张, 剩 ${left} 张: 没有一张票被卖两次`,
		},
	},
	'arcade-semaphore': {
		summary: '十位顾客, 四台游戏机: 信号量一次只让四个人玩',
		explain: [
			'互斥锁同时只允许一个进程进入, 信号量同时允许一定数量的进程进入。商场里有 4 个迷你唱吧, 同时可以进去 4 个人; 第五个人要在外面等, 等有人出来才能进去。',
			'信号量基于内部计数器: 每调用一次 acquire(), 计数器减 1; 每调用一次 release(), 计数器加 1; 计数器为 0 时 acquire() 阻塞。这是迪科斯彻 (Dijkstra) 信号量概念 P() 和 V() 的实现: acquire() 是 P(), release() 是 V()。适用于访问服务器这样的有限资源。',
			'信号量和进程池的概念很像, 但要区分开: 进程池是一组固定的工作进程, 替你执行任务; 信号量不启动也不执行任何东西 —— 它是一种能放进多个进程的锁, 加在你自己启动的进程上。',
			'十位顾客, Semaphore(4) 台游戏机; `with s:` 占一台游戏机玩 2–4 秒 (random.randrange(2, 5))。这里用 machines.withPermit(fn), 或者 acquire() 和 release()。',
			'结论统计同时在玩的最多人数 (不会超过游戏机数) 和门外最长的等待。顾客在起跑线上一起到达; "离开" 那一行不是教程程序里的, 是 sync-demo 自己加的, 写的是实际玩了多久。',
		],
		lines: {
			playing: i => `${i}号顾客来玩游戏了`,
			leaves: (i, seconds, real) => `${i}号顾客离开: 按场景时间玩了 ${seconds} 秒, 实际 ${real} 秒`,
		},
		verdict: {
			overLimit: (peak, machines) => `${machines} 台游戏机上同时有 ${peak} 人在玩`,
			withinLimit: (peak, machines, played, customers, wait) =>
				`${machines} 台游戏机最多同时用了 ${peak} 台; ${customers} 位顾客中 ${played} 位玩过; 最长等待 ${wait} 秒 (实际时间)`,
		},
	},
	'event-basics': {
		summary: 'is_set/set/clear, 然后 wait(): 事件已设置时通过, 已清除时永远阻塞',
		explain: [
			'事件用于一个进程 (通常是主进程) 控制其他进程的执行。它有一个标志: 为 False 时 wait() 阻塞; 为 True 时 wait() 立即返回。',
			'is_set() 查看标志 (默认 False), set() 设为 True, clear() 设为 False。这里是 isSet()、set()、clear() 和 wait(), 都要 `await`: 每次调用都发给持有标志的主进程。',
			'第一个程序先 set() 再 wait(): 不阻塞, 打印出 "我在wait之后!"。',
			'第二个程序 set()、clear() 之后再 wait(): 再也没有人会设置这个标志, Python 就永远停在一个不动的终端前。sync-demo 发现所有进程都在阻塞, 指出在等的进程并结束运行: 这个卡死就是要演示的 (退出状态 0)。',
		],
		lines: {
			isSet: value => (value ? 'True' : 'False'),
			before: '我在wait之前!',
			after: '我在wait之后!',
		},
		hangHint: '已清除的事件上的 wait() 只有在有人调用 set() 之后才返回; 这里已经没有人能调用了',
		verdict: {
			hang: 'set() 之后的 wait() 通过了; clear() 之后的 wait() 永远阻塞, 没有人能再设置这个事件',
			noHang: value => `clear() 之后的 wait() 返回了 ${value}`,
		},
	},
	'traffic-light': {
		summary: '红绿灯进程设置和清除一个事件; 车辆红灯等待, 绿灯通行',
		explain: [
			'红绿灯就是一个事件: set() 是绿灯, clear() 是红灯。红绿灯进程一直循环: 红灯 6 秒, set(), 绿灯 3 秒, clear()。',
			'每秒来三辆新车 (三个进程)。看到 is_set() 为 False 的车打印在等待, 调用 wait(), 变绿后再走; 绿灯时直接走。',
			'教程的程序永远运行 (`while 1`)。这里 --duration 限定的是到达的时间: 之后不再来车, 还在等的车都通过后运行才结束 —— 要等到下一个绿灯, 所以比 --duration 更长。红绿灯是守护进程, 最后被停止。',
		],
		lines: {
			red: '!!!红灯亮!!!',
			green: '~~~绿灯亮~~~',
			waiting: i => `车${i}在等待......`,
			goes: i => `车${i}走你........`,
			mayGo: i => `车${i}可以走了....`,
			noMoreCars: duration => `--duration ${duration}: 不再有车到达; 等待中的车都通过后运行结束`,
		},
		verdict: {
			ranRed: (wentWhileRed, crossed, cars) => `${wentWhileRed} 辆车闯了红灯; ${cars} 辆车中 ${crossed} 辆通过`,
			obeyed: (waited, green, arrivals, last, real, speed) =>
				`${waited} 辆车红灯时等待, ${green} 辆绿灯时直接走; 没有车闯红灯。车辆在前 ${arrivals} 秒内到达; 最后一辆在第 ${last} 秒通过 (场景时间: 速度 ${speed} 下实际 ${real} 秒)`,
		},
	},
};
