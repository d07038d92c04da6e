#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 三. 事件(Event) / 红绿灯示例
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

import time
from multiprocessing import Process, Event

# 创建一个"模拟红绿灯执行状态"的函数
def traffic_lights(e):
    while 1:
        print("!!!红灯亮!!!")
        time.sleep(6)
        e.set()     # 把e改为True
        print("~~~绿灯亮~~~")
        time.sleep(3)
        e.clear()   # 把e改为False

def car(i, e):
    if not e.is_set():  # 新来的车看到的是红灯,执行这里,车在等待
        print("车{}在等待......".format(i))
        e.wait()
        print("车{}走你........".format(i))
    else:               # 此时已经是绿灯,执行这里,车可以走了
        print("车{}可以走了....".format(i))

if __name__ == '__main__':
    e = Event()
    # 创建一个红绿灯
    tra_lig = Process(target=traffic_lights,args=(e,))
    tra_lig.start()
    while 1:
        time.sleep(1)
        # 创建3辆车
        for i in range(3):
            c = Process(target=car, args=(i, e))
            c.start()
