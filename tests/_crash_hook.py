"""A ``sitecustomize.py`` for test subprocesses: a worker process that reads a file named
``*crash*`` is killed with SIGKILL, as by the OOM killer or a fault in a compiled library."""
CRASH_ON_READ = """
import os, signal
import policytext.io as io

_read = io.read


def read(path, *args, **kwargs):  # a fault in a compiled library, as far as the pool can tell
    import multiprocessing  # (only worker processes die: they are the ones that read)

    if "crash" in os.path.basename(str(path)) and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return _read(path, *args, **kwargs)


io.read = read
"""
