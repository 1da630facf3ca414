// A team's CDK app using `sekisho/cdk` from the installed package: type-checked against the shipped
// .d.ts with the rest of the consumer, then synthesised (no AWS account, no network, no Docker).
// Prints what the cloud assembly holds as one JSON line.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BatchFailureTriage, FileGate, type FileGateProps } from 'sekisho/cdk';

// Never used: it only has to fail to type-check (the engines are builtin, clamd and guardduty).
// @ts-expect-error
export const wrongEngine: FileGateProps = { webhookUrl: 'https://x.example', engines: ['sophos'] };

const outdir = await mkdtemp(join(tmpdir(), 'consumer-cdk-'));
const app = new App({ outdir });
const stack = new Stack(app, 'Consumer');
const gate = new FileGate(stack, 'Gate', { webhookUrl: 'https://app.example.com/api/webhooks/verdicts' });
new BatchFailureTriage(stack, 'Triage', {
  slackSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Slack', 'sekisho/slack'),
});
const template = app.synth().getStackByName('Consumer').template as {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};
const functions = Object.values(template.Resources).filter(
  (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('sekisho:'),
);
const assets = (await readdir(outdir)).filter((name) => name.startsWith('asset.'));
console.log(
  JSON.stringify({
    prefix: gate.quarantinePrefix,
    handlers: functions.map((f) => `${f.Properties.Handler} ${f.Properties.Runtime}`).sort(),
    assetFiles: (await Promise.all(assets.map((a) => readdir(join(outdir, a))))).map((files) => files.sort()),
  }),
);
