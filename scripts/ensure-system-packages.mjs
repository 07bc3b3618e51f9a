#!/usr/bin/env node
// The tests need programs from Debian that npm cannot provide: Chromium for the browser tests,
// Graphviz to check that our DOT is accepted, and PyTorch with Jupyter for the Python package.
// Each is looked for by a file it installs; what is missing is installed with apt-get when running
// as root, otherwise the script says what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian package -> a file that shows it is installed. */
const PACKAGES = {
  chromium: '/usr/bin/chromium',
  graphviz: '/usr/bin/dot',
  'python3-torch': '/usr/lib/python3/dist-packages/torch/__init__.py',
  'python3-torchvision': '/usr/lib/python3/dist-packages/torchvision/__init__.py',
  'python3-pytest': '/usr/lib/python3/dist-packages/pytest/__init__.py',
  'python3-nbclient': '/usr/lib/python3/dist-packages/nbclient/__init__.py',
  'python3-jsonschema': '/usr/lib/python3/dist-packages/jsonschema/__init__.py',
  'python3-ipykernel': '/usr/lib/python3/dist-packages/ipykernel/__init__.py',
  'jupyter-nbconvert': '/usr/bin/jupyter-nbconvert',
  'fonts-noto-cjk': '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
};

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    console.error(`ensure-system-packages: '${command} ${args.join(' ')}' failed (${result.error?.message ?? `exit status ${result.status}`})`);
    process.exit(1);
  }
}

const missing = Object.entries(PACKAGES)
  .filter(([, file]) => !existsSync(file))
  .map(([name]) => name);

if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`ensure-system-packages: missing ${missing.join(', ')}, and they cannot be installed from here (${isRoot ? 'no apt-get' : 'not root'}).`);
    console.error(`Install them from Debian, e.g. 'sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}', then run the tests again.`);
    process.exit(1);
  }
  console.log(`ensure-system-packages: installing ${missing.join(', ')} from Debian...`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...missing]);
  const still = missing.filter((name) => !existsSync(PACKAGES[name]));
  if (still.length > 0) {
    console.error(`ensure-system-packages: apt-get ran but ${still.join(', ')} still look missing (${still.map((n) => PACKAGES[n]).join(', ')})`);
    process.exit(1);
  }
}
