/** The cost of gradviz.record() on a PyTorch training loop (bench/python/record_overhead.py), through Debian's PyTorch. */
import { execFileSync } from 'node:child_process';

execFileSync('/usr/bin/python3', ['bench/python/record_overhead.py'], { env: { ...process.env, PYTHONPATH: 'python' }, stdio: 'inherit' });
