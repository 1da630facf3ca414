// The example app: both constructs in one stack, checked by cdk-nag's AWS Solutions rules.
// `npm run synth` writes its templates to cdk.out/ without AWS credentials or network.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BatchFailureTriage } from '../lib/batch-failure-triage.js';
import { FileGate, type FileGateEngine } from '../lib/file-gate.js';

/** Builds the example app; `outdir` defaults to CDK's (cdk.out, or what the CLI passes). */
export function buildExampleApp(options: { outdir?: string; webhookUrl?: string } = {}): App {
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'SekishoExample', {
    description: 'sekisho example: the file gate and the batch triage',
  });
  // `cdk deploy -c engines=builtin,clamd` (Docker builds the image) or `-c engines=builtin,guardduty`.
  const engines = String(app.node.tryGetContext('engines') ?? 'builtin').split(',') as FileGateEngine[];
  new FileGate(stack, 'FileGate', {
    engines,
    webhookUrl:
      options.webhookUrl ??
      app.node.tryGetContext('webhookUrl') ??
      'https://app.example.com/api/webhooks/verdicts',
  });
  const slack = new secretsmanager.Secret(stack, 'SlackSecret', {
    description: 'Slack for the sekisho triage: {"webhookUrl":"…"} or {"botToken":"…","channel":"…"}',
  });
  Validations.of(slack).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'A Slack webhook URL or bot token is rotated in Slack, then pasted here; no Lambda can rotate it.',
  });
  // Stopped ECS tasks too (non-zero exit or failed to start), for tasks no state machine runs.
  new BatchFailureTriage(stack, 'Triage', { slackSecret: slack, ecsTaskFailures: {} });
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) buildExampleApp().synth();
