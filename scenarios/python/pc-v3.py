#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 五. 生产者消费者模型 / 4.升级版本三(有多个消费者和生产者的时候需要发送多次结束信号)
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

# 升级版本三: 有多个消费者和生产者的时候需要发送多次结束信号,有几个消费者来取(有几个get())就发送几次结束信号
import time
from multiprocessing import Process,Queue

def producer1(q):
    for i in range(1, 11):
        time.sleep(1)
        q.put(i)
        print("生产者1号已经生产了{}个产品".format(i))

def producer2(q):
    for i in range(1, 11):
        time.sleep(1)
        q.put(i)
        print("生产者2号已经生产了{}个产品".format(i))

def producer3(q):
    for i in range(1, 11):
        time.sleep(1)
        q.put(i)
        print("生产者3号已经生产了{}个产品".format(i))

def consumer1(q):
    while 1:
        el = q.get()
        if el == None:  # 跳出循环的条件
            break
        print("消费者1号已经取走了{}个产品".format(el))

def consumer2(q):
    while 1:
        el = q.get()
        if el == None:  # 跳出循环的条件
            break
        print("消费者2号已经取走了{}个产品".format(el))

def consumer3(q):
    while 1:
        el = q.get()
        if el == None:  # 跳出循环的条件
            break
        print("消费者3号已经取走了{}个产品".format(el))

if __name__ == '__main__':
    q = Queue(50)   # 创建队列,通过队列来模拟缓冲器,大小为50
    producer1_process = Process(target=producer1, args=(q,))    # 创建所有生产者进程
    producer2_process = Process(target=producer2, args=(q,))
    producer3_process = Process(target=producer3, args=(q,))

    consumer1_process = Process(target=consumer1, args=(q,))    # 创建所有消费者进程
    consumer2_process = Process(target=consumer2, args=(q,))
    consumer3_process = Process(target=consumer3, args=(q,))

    producer1_process.start()   # 启动所有生产者进程
    producer2_process.start()
    producer3_process.start()

    consumer1_process.start()   # 启动所有消费者进程
    consumer2_process.start()
    consumer3_process.start()

    producer1_process.join()    # 必须保证生产者全部执行完毕主进程才能继续执行
    producer2_process.join()
    producer3_process.join()
    q.put(None)     # 有多少个消费者来取走产品就要发送几次结束信号
    q.put(None)
    q.put(None)
    print("主进程执行完毕")
