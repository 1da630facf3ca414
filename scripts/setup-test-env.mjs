// Installs what the test suite needs beyond npm packages, on a fresh Debian machine:
// ClamAV's daemon (the tests start their own clamd with the project's small signature
// database, so nothing is downloaded) and Chromium (the browser tests drive Debian's build
// through playwright-core; no browser download). Runs as `pretest`; does nothing when both exist.
import { execFileSync, spawnSync } from 'node:child_process';

// A Japanese font, so that the screenshots the browser tests save show Japanese text, not boxes.
const needs = [
  { bin: 'clamd', pkg: 'clamav-daemon' },
  { bin: 'chromium', pkg: 'chromium' },
  { pkg: 'fonts-ipafont-gothic' },
  { pkg: 'openjdk-17-jre-headless' },
];

const installed = (n) =>
  n.bin
    ? spawnSync('sh', ['-c', `command -v ${n.bin}`], { stdio: 'ignore' }).status === 0
    : spawnSync('dpkg', ['-s', n.pkg], { encoding: 'utf8' }).stdout?.includes('Status: install ok installed');
const missing = needs.filter((n) => !installed(n)).map((n) => n.pkg);

if (missing.length === 0) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(
    `The tests need these Debian packages: ${missing.join(', ')}. Install them with:\n  sudo apt-get install -y ${missing.join(' ')}`,
  );
  process.exit(1);
}
console.log(`Installing Debian packages for the tests: ${missing.join(', ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
  stdio: 'inherit',
  env,
});
// Debian starts freshclam after install where an init system runs; it cannot reach its mirrors
// here and the tests never need it, so stop it rather than let it retry in the background.
spawnSync('sh', ['-c', 'pkill -x freshclam || true'], { stdio: 'ignore' });
