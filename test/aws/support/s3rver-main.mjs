// Runs s3rver in its own process for the tests: `node s3rver-main.mjs <dir> <bucket>...`.
// Prints one JSON line {"port":N} when listening, then one line per S3 event notification
// ({"event":{Records:[…]}}) so the test can play the S3 → SQS hop. Stopped by its PID.
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
server.on('event', (event) => process.stdout.write(`${JSON.stringify({ event })}\n`));
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
