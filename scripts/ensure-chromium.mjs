#!/usr/bin/env node
// The browser tests drive Debian's Chromium (npm packages may not download browsers here).
// Exits 0 when /usr/bin/chromium is there; installs it with apt-get when running as root; else says how.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    console.error(`ensure-chromium: '${command} ${args.join(' ')}' failed (${result.error?.message ?? `exit status ${result.status}`})`);
    process.exit(1);
  }
}

if (!existsSync(CHROMIUM)) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`ensure-chromium: ${CHROMIUM} is missing and cannot be installed from here (${isRoot ? 'no apt-get' : 'not root'}).`);
    console.error("Install Debian's Chromium, e.g. 'sudo apt-get update && sudo apt-get install -y chromium', then run the tests again.");
    process.exit(1);
  }
  console.log(`ensure-chromium: installing Debian's chromium for the browser tests...`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  if (!existsSync(CHROMIUM)) {
    console.error(`ensure-chromium: apt-get installed chromium but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}
