#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 四. 队列(重点) / 队列实现进程间的通信
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

import time
from multiprocessing import Process,Queue

def girl(q):
    print("来自boy的信息>>>", q.get())
    print("来自班主任的凝视>>>", q.get())

def boy(q):
    q.put("中午一起吃饭吗?")

if __name__ == '__main__':
    q = Queue(5)
    boy_p = Process(target=boy, args=(q,))
    girl_p = Process(target=girl, args=(q,))
    boy_p.start()
    girl_p.start()
    time.sleep(1)   # 等待子进程执行完毕
    q.put("好好上课,别开小差!")
    
# 执行结果:
# 来自boy的信息>>> 中午一起吃饭吗?
# 来自班主任的凝视>>> 好好上课,别开小差!
