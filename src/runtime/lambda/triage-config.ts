import { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';

/** Where the triage Lambda posts: an incoming webhook, or the Web API with a bot token and a channel. */
export type SlackTarget =
  | { readonly kind: 'webhook'; readonly url: string }
  | {
      readonly kind: 'bot';
      readonly token: string;
      readonly channel: string;
      readonly apiUrl: string | null;
    };

/** The triage Lambda's configuration, read once from the environment, validated and frozen. */
export interface TriageConfig {
  /** The Slack target, or null when it is in Secrets Manager (`secretArn`). */
  readonly slack: SlackTarget | null;
  readonly secretArn: string | null;
  /** `SLACK_API_URL`: the Web API base for a bot token (tests, Enterprise Grid proxies); null for Slack's. */
  readonly slackApiUrl: string | null;
  readonly lang: 'en' | 'ja';
  readonly logLines: number;
  readonly region: string;
  /** The environment the AWS clients read (endpoint overrides, credentials); see awsClientConfig. */
  readonly awsEnv: Readonly<Record<string, string | undefined>>;
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const webhookUrl = z
  .url({
    protocol: /^https?$/,
    error: 'must be a Slack incoming-webhook URL (https://hooks.slack.com/services/…)',
  })
  .optional();

const envSchema = z.object({
  SLACK_WEBHOOK_URL: optionalText.pipe(webhookUrl),
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xox[bp]-/, 'must be a Slack bot token (xoxb-…)')
      .optional(),
  ),
  SLACK_CHANNEL: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url({ error: 'must be a URL ending in /api/' }).optional()),
  SLACK_SECRET_ARN: optionalText.pipe(
    z
      .string()
      .regex(
        /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
        'must be a Secrets Manager secret ARN',
      )
      .optional(),
  ),
  TRIAGE_LANG: optionalText.pipe(z.enum(['en', 'ja'], { error: 'must be en or ja' }).default('en')),
  TRIAGE_LOG_LINES: optionalText
    .pipe(
      z
        .string()
        .regex(/^\d{1,3}$/, 'must be a whole number from 0 to 200')
        .transform(Number)
        .refine((n) => n <= 200, 'must be a whole number from 0 to 200')
        .optional(),
    )
    .transform((n) => n ?? 20),
  AWS_REGION: optionalText.pipe(
    z
      .string({ error: 'is required (Lambda sets it)' })
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-west-1'),
  ),
});

/** The rules between variables, checked on the raw values so they are reported with the others. */
function crossProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const has = (name: string) => (env[name]?.trim() ?? '') !== '';
  const problems: string[] = [];
  if (has('SLACK_BOT_TOKEN') && !has('SLACK_CHANNEL'))
    problems.push('SLACK_CHANNEL is required with SLACK_BOT_TOKEN');
  if (has('SLACK_CHANNEL') && !has('SLACK_BOT_TOKEN'))
    problems.push('SLACK_BOT_TOKEN is required with SLACK_CHANNEL');
  if (
    !has('SLACK_WEBHOOK_URL') &&
    !has('SLACK_BOT_TOKEN') &&
    !has('SLACK_CHANNEL') &&
    !has('SLACK_SECRET_ARN')
  )
    problems.push(
      'SLACK_WEBHOOK_URL is required: set SLACK_WEBHOOK_URL, or SLACK_BOT_TOKEN and SLACK_CHANNEL, or SLACK_SECRET_ARN',
    );
  return problems;
}

/** One line per problem, each naming its variable: "TRIAGE_LANG must be en or ja". */
function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((i) => `${prefix}${i.path.join('.') || '(environment)'} ${i.message}`);
}

/**
 * Reads the triage Lambda's configuration from the environment: `SLACK_WEBHOOK_URL`, or
 * `SLACK_BOT_TOKEN` and `SLACK_CHANNEL` (with `SLACK_API_URL` to point the Web API elsewhere), or
 * `SLACK_SECRET_ARN` (a Secrets Manager JSON secret with those keys); `TRIAGE_LANG` (en|ja, default
 * en), `TRIAGE_LOG_LINES` (0–200, default 20), `AWS_REGION`.
 *
 * @throws ConfigError listing every problem, each naming its variable.
 */
export function loadTriageConfig(env: Readonly<Record<string, string | undefined>>): TriageConfig {
  const result = envSchema.safeParse(env);
  const problems = [...(result.success ? [] : describeIssues(result.error.issues)), ...crossProblems(env)];
  if (!result.success || problems.length > 0)
    throw new ConfigError(`Invalid triage configuration: ${problems.join('; ')}.`);
  const e = result.data;
  return Object.freeze({
    slack: slackTarget(e),
    secretArn: e.SLACK_SECRET_ARN ?? null,
    slackApiUrl: e.SLACK_API_URL ?? null,
    lang: e.TRIAGE_LANG,
    logLines: e.TRIAGE_LOG_LINES,
    region: e.AWS_REGION,
    // Only what the AWS clients read: the Slack secrets stay out of anything that might be logged.
    awsEnv: Object.freeze(Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('AWS_')))),
  });
}

function slackTarget(e: {
  SLACK_WEBHOOK_URL?: string | undefined;
  SLACK_BOT_TOKEN?: string | undefined;
  SLACK_CHANNEL?: string | undefined;
  SLACK_API_URL?: string | undefined;
}): SlackTarget | null {
  if (e.SLACK_WEBHOOK_URL !== undefined) return { kind: 'webhook', url: e.SLACK_WEBHOOK_URL };
  if (e.SLACK_BOT_TOKEN !== undefined && e.SLACK_CHANNEL !== undefined)
    return {
      kind: 'bot',
      token: e.SLACK_BOT_TOKEN,
      channel: e.SLACK_CHANNEL,
      apiUrl: e.SLACK_API_URL ?? null,
    };
  return null;
}

const secretSchema = z
  .object({
    SLACK_WEBHOOK_URL: optionalText.pipe(webhookUrl),
    SLACK_BOT_TOKEN: optionalText,
    SLACK_CHANNEL: optionalText,
  })
  .refine(
    (s) =>
      s.SLACK_WEBHOOK_URL !== undefined || (s.SLACK_BOT_TOKEN !== undefined && s.SLACK_CHANNEL !== undefined),
    {
      path: ['SLACK_WEBHOOK_URL'],
      message: 'is required: the secret needs SLACK_WEBHOOK_URL, or SLACK_BOT_TOKEN and SLACK_CHANNEL',
    },
  );

/**
 * The Slack target stored in a Secrets Manager secret (JSON with the same keys as the environment).
 *
 * @throws ConfigError naming the secret and each wrong key.
 */
export function slackTargetFromSecret(
  secretArn: string,
  values: Readonly<Record<string, string>>,
  apiUrl: string | null,
): SlackTarget {
  const result = secretSchema.safeParse(values);
  if (!result.success)
    throw new ConfigError(
      `Invalid Slack secret ${secretArn}: ${describeIssues(result.error.issues, 'key ')}.`,
    );
  const target = slackTarget(result.data);
  if (target === null) throw new ConfigError(`Invalid Slack secret ${secretArn}: no Slack target in it.`);
  return target.kind === 'bot' ? { ...target, apiUrl } : target;
}
