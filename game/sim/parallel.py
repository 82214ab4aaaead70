"""Running many independent tasks at once: on a `concurrent.futures` executor — this machine's
process pool by default, or a Dask distributed cluster (`--cluster ADDRESS`, or `--cluster local`
to start one here). Tasks carry everything they need and return what they produce, so a worker
needs neither the parent's memory nor its disk; the same tasks give the same results on any
executor.

Dask is an optional extra (`pip install -e ".[cluster]"`); it is imported only for --cluster.
"""
from __future__ import annotations

import gc
import logging
import os
import signal
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

from game.errors import UserError

CLUSTER_EXTRA = 'pip install -e ".[cluster]"'
CONNECT_SECONDS = 10  # how long to wait for a cluster's scheduler to answer


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def quiet_garbage_collector() -> None:
    """For a process that will play many games: everything loaded so far (modules, schemas)
    lives for the whole run, so the cycle collector stops re-examining it, and runs less often.
    Games free almost everything by reference counting; this saves ~3 % of a batch."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


@contextmanager
def executor_for(workers: int, cluster: str | None = None) -> Iterator[Executor | None]:
    """The executor to run tasks on: a Dask cluster's when `cluster` is given ("local" starts
    one of `workers` processes on this machine), else a pool of `workers` processes, or None
    (run here, in this process) for a single worker."""
    if cluster is not None:
        with dask_executor(cluster, workers) as executor:
            yield executor
    elif workers <= 1:
        threshold = gc.get_threshold()
        quiet_garbage_collector()  # while this process plays the games; as it was afterwards
        try:
            yield None
        finally:
            gc.unfreeze()
            gc.set_threshold(*threshold)
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=quiet_garbage_collector) as pool:
            yield pool


@contextmanager
def dask_executor(address: str, workers: int) -> Iterator[Executor]:
    """A Dask cluster's executor: the scheduler at `address`, or a LocalCluster on 127.0.0.1 for
    "local". Its workers must be able to import this game (the same version)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError(f"--cluster needs Dask, which is not installed. Install it with: {CLUSTER_EXTRA}") from None
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                               silence_logs=logging.CRITICAL)  # its shutdown chatter is no news
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as err:
            raise UserError(f"--cluster {address}: no Dask scheduler answers there ({err}). Give the scheduler's "
                            f"address, like tcp://10.0.0.5:8786, or 'local' to start a cluster here.") from None
    try:
        yield client.get_executor(pure=False)  # pure=False: never merge two tasks that look alike
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_tasks(work: Callable[[Any], Any], tasks: Sequence[Any], executor: Executor | None,
              units: Callable[[Any], int] = lambda t: 1, desc: str = "", progress: bool = True,
              on_result: Callable[[int, Any], None] | None = None) -> list:
    """`work(task)` for every task, on `executor` (here, in this process, when None); the
    results in task order. `on_result(k, result)` runs here as each task finishes (in any order),
    so the caller can write what is ready while the workers go on. A tqdm bar on stderr counts
    units."""
    from tqdm import tqdm

    results: list = [None] * len(tasks)
    total = sum(units(t) for t in tasks)
    with tqdm(total=total, desc=desc, unit="game", disable=not progress, mininterval=0.5, leave=False) as bar:
        if executor is None:
            for k, task in enumerate(tasks):
                results[k] = work(task)
                bar.update(units(task))
                if on_result is not None:
                    on_result(k, results[k])
            return results
        futures = {executor.submit(work, task): k for k, task in enumerate(tasks)}
        try:
            for fut in as_completed(futures):
                k = futures[fut]
                results[k] = fut.result()
                bar.update(units(tasks[k]))
                if on_result is not None:
                    on_result(k, results[k])
        except BaseException:
            for fut in futures:  # a failed task (or Ctrl-C) stops the rest; the pool then shuts down
                fut.cancel()
            raise
    return results


def run_parallel(work: Callable[[Any], Any], tasks: Sequence[Any], workers: int,
                 initializer: Callable[..., None], initargs: tuple, units: Callable[[Any], int] = lambda t: 1,
                 desc: str = "", progress: bool = True) -> list:
    """`work(task)` for every task on a pool of `workers` processes (in this process when 1),
    each process running `initializer(*initargs)` first — so large inputs travel once per
    process, not with every task. The results in task order."""
    if workers <= 1 or len(tasks) <= 1:
        initializer(*initargs)
        return run_tasks(work, tasks, None, units, desc, progress)

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(initializer, initargs))
    try:
        results = run_tasks(work, tasks, pool, units, desc, progress)
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()
    return results


def _worker_start(initializer: Callable[..., None], initargs: tuple) -> None:
    """A worker leaves Ctrl-C to the parent, which stops the whole pool at once (stop_pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    initializer(*initargs)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool now, games half-played included: Ctrl-C (or a failed task) must not
    leave workers finishing their chunks for half a minute. concurrent.futures has no public way
    to end running tasks, so the worker processes are terminated."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=2)
