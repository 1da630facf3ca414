import { describe, expect, it } from 'vitest';
import { loadTriageConfig, slackTargetFromSecret } from './triage-config.js';

const base = { AWS_REGION: 'eu-west-1' };

describe('loadTriageConfig', () => {
  it('reads a webhook target with the defaults (en, 20 log lines)', () => {
    const config = loadTriageConfig({ ...base, SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X' });
    expect(config).toMatchObject({
      slack: { kind: 'webhook', url: 'https://hooks.slack.com/services/T/B/X' },
      lang: 'en',
      logLines: 20,
      region: 'eu-west-1',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads a bot token and channel, TRIAGE_LANG and TRIAGE_LOG_LINES', () => {
    const config = loadTriageConfig({
      ...base,
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_CHANNEL: 'C0BATCH',
      TRIAGE_LANG: 'ja',
      TRIAGE_LOG_LINES: '0',
    });
    expect(config).toMatchObject({
      slack: { kind: 'bot', token: 'xoxb-1-2-3', channel: 'C0BATCH', apiUrl: null },
      lang: 'ja',
      logLines: 0,
    });
  });

  it('keeps the Slack secrets out of the environment handed to the AWS clients', () => {
    const config = loadTriageConfig({
      ...base,
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_CHANNEL: 'C1',
      AWS_ENDPOINT_URL: 'http://x',
    });
    expect(config.awsEnv).toEqual({ AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://x' });
  });

  it('accepts a Secrets Manager ARN alone, leaving the target to the secret', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:triage/slack-AbCdEf';
    expect(loadTriageConfig({ ...base, SLACK_SECRET_ARN: arn })).toMatchObject({
      slack: null,
      secretArn: arn,
    });
  });

  it('names every wrong variable at once', () => {
    expect(() =>
      loadTriageConfig({ SLACK_BOT_TOKEN: 'not-a-token', TRIAGE_LANG: 'fr', TRIAGE_LOG_LINES: '500' }),
    ).toThrow(
      'Invalid triage configuration: SLACK_BOT_TOKEN must be a Slack bot token (xoxb-…); TRIAGE_LANG must be en or ja; ' +
        'TRIAGE_LOG_LINES must be a whole number from 0 to 200; AWS_REGION is required (Lambda sets it); ' +
        'SLACK_CHANNEL is required with SLACK_BOT_TOKEN.',
    );
  });

  it('says which variables can name the Slack target when none is set', () => {
    expect(() => loadTriageConfig(base)).toThrow(
      /SLACK_WEBHOOK_URL is required: set SLACK_WEBHOOK_URL, or SLACK_BOT_TOKEN and SLACK_CHANNEL, or SLACK_SECRET_ARN/,
    );
  });

  it('rejects a webhook URL that is not a URL, naming the variable', () => {
    expect(() => loadTriageConfig({ ...base, SLACK_WEBHOOK_URL: 'hooks.slack.com' })).toThrow(
      /SLACK_WEBHOOK_URL must be a Slack incoming-webhook URL/,
    );
  });
});

describe('slackTargetFromSecret', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:triage/slack-AbCdEf';

  it('reads a bot token and channel from the secret', () => {
    expect(slackTargetFromSecret(arn, { SLACK_BOT_TOKEN: 'xoxb-9', SLACK_CHANNEL: 'C9' }, null)).toEqual({
      kind: 'bot',
      token: 'xoxb-9',
      channel: 'C9',
      apiUrl: null,
    });
  });

  it('names the secret and the missing key', () => {
    expect(() => slackTargetFromSecret(arn, { SLACK_CHANNEL: 'C9' }, null)).toThrow(
      `Invalid Slack secret ${arn}: key SLACK_WEBHOOK_URL is required`,
    );
  });
});
