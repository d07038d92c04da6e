#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 一. 进程同步(锁) / 加锁：由并发改成了串行，牺牲了运行效率，但避免了竞争
#: options: --lock
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

from multiprocessing import Process, Lock
def work(n, lock):
    with lock:  # 使用with语句,自动加锁和解锁
        # lock.acquire()  # 加锁,保证每次只有一个进程在执行锁内的程序.此时对于所有加锁的进程来说,都变成了串行.
        print("{} >>> {}号进程正在执行".format(n, os.getpid()))
        time.sleep(random.random())
        print("{} >>> {}号进程执行完毕".format(n, os.getpid()))
        # lock.release()  # 解锁,解锁之后其他进程才能执行自己的程序


if __name__ == '__main__':
    lock = Lock()   # 创建Lock对象
    for i in range(5):
        p = Process(target=work, args=(i, lock))
        p.start()
# 0 >>> 54526号进程正在执行
# 0 >>> 54526号进程执行完毕
# 1 >>> 54527号进程正在执行
# 1 >>> 54527号进程执行完毕
# 2 >>> 54528号进程正在执行
# 2 >>> 54528号进程执行完毕
# 3 >>> 54529号进程正在执行
# 3 >>> 54529号进程执行完毕
# 4 >>> 54530号进程正在执行
# 4 >>> 54530号进程执行完毕
