// Installs what the test suite needs beyond npm packages, on a fresh Debian machine:
// ClamAV's daemon (the tests start their own clamd with the project's small signature
// database, so nothing is downloaded) and Chromium (the browser tests drive Debian's build
// through playwright-core; no browser download). Runs as `pretest`; does nothing when all exist.
// It ends no process and starts no service: see `withoutServiceStarts` below.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

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
/**
 * Runs `install` with Debian's service policy saying "no": package scripts start services through
 * invoke-rc.d (or deb-systemd-invoke), which first run /usr/sbin/policy-rc.d, and exit status 101
 * means "action forbidden" (init-system-helpers, README.policy-rc.d). So clamav-daemon and
 * clamav-freshclam are installed but not started: the tests run their own clamd with the
 * project's signatures, and nothing reaches for the signature mirrors. The services stay enabled
 * as Debian installs them and start at the next boot. A policy already in place (container
 * images ship one) is left alone; ours is removed afterwards, whatever happens.
 */
function withoutServiceStarts(install) {
  const policy = '/usr/sbin/policy-rc.d';
  const ours = !existsSync(policy);
  if (ours)
    writeFileSync(
      policy,
      "#!/bin/sh\n# sekisho's test setup: no service starts during its apt-get install.\nexit 101\n",
      {
        mode: 0o755,
      },
    );
  try {
    install();
  } finally {
    if (ours) rmSync(policy, { force: true });
  }
}

console.log(`Installing Debian packages for the tests: ${missing.join(', ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
withoutServiceStarts(() =>
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
    stdio: 'inherit',
    env,
  }),
);
