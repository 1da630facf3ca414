import { SekishoError } from '../../shared/errors.js';

/**
 * Slack did not take a message. `slackError` is Slack's own code (`invalid_blocks`, `invalid_payload`,
 * `channel_not_found`, `invalid_auth`…) when it gave one; `statusCode` the HTTP status, null when no
 * answer arrived (network, timeout). The message says both, because "statusCode = 400" alone does
 * not tell an operator what to fix.
 */
export class SlackDeliveryError extends SekishoError {
  constructor(
    readonly statusCode: number | null,
    readonly slackError: string | null,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super('SLACK_DELIVERY_FAILED', `Slack did not take the message: ${detail}`, { status: 502, ...options });
  }
}
