import {
  type LocalResponse,
  type LocalServer,
  type RecordedRequest,
  startLocalServer,
} from './local-http-server.js';

/** An AWS error in the JSON protocols: `__type` in the body and the `x-amzn-ErrorType` header. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** One operation: receives the parsed JSON body, returns the JSON result or throws {@link AwsJsonError}. */
export type AwsJsonOperation = (input: Record<string, unknown>) => unknown;

/** Options of {@link startAwsJsonServer}. */
export interface AwsJsonServerOptions {
  /** The `X-Amz-Target` prefix, e.g. `AWSStepFunctions`. */
  readonly targetPrefix: string;
  /** `1.0` (Step Functions) or `1.1` (ECS, CloudWatch Logs, Secrets Manager). */
  readonly jsonVersion: '1.0' | '1.1';
  readonly operations: Record<string, AwsJsonOperation>;
  /** Operations that answer ThrottlingException on their first call, so the SDK must retry. */
  readonly throttleFirstCallOf?: readonly string[];
}

/** A local AWS JSON-protocol server and the operations it was asked for, in order. */
export interface AwsJsonServer extends LocalServer {
  readonly calls: { operation: string; input: Record<string, unknown>; answer: number }[];
}

function error(status: number, type: string, message: string, contentType: string): LocalResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': type, 'x-amzn-requestid': 'local' },
    body: JSON.stringify({ __type: type, message }),
  };
}

/**
 * Starts a server that speaks the AWS JSON 1.0/1.1 protocol the way the SDK expects it
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html): POST /, the operation in
 * `X-Amz-Target: <prefix>.<Operation>`, a JSON body, errors as `{"__type", "message"}`. It checks
 * that the request was signed (SigV4 Authorization header) like the real service would.
 */
export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<AwsJsonServer> {
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  const throttled = new Set<string>();
  const calls: AwsJsonServer['calls'] = [];
  const handle = (request: RecordedRequest): LocalResponse => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, operation = ''] = target.split('.');
    if (request.method !== 'POST' || prefix !== options.targetPrefix)
      return error(400, 'UnknownOperationException', `Unknown target ${target}`, contentType);
    if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '))
      return error(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token', contentType);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(request.body || '{}') as Record<string, unknown>;
    } catch {
      return error(400, 'SerializationException', 'Request body is not JSON', contentType);
    }
    const record = { operation, input, answer: 200 };
    calls.push(record);
    if (options.throttleFirstCallOf?.includes(operation) && !throttled.has(operation)) {
      throttled.add(operation);
      record.answer = 400;
      return error(400, 'ThrottlingException', 'Rate exceeded', contentType);
    }
    const run = options.operations[operation];
    if (run === undefined)
      return error(
        400,
        'UnknownOperationException',
        `Operation ${operation} is not served here`,
        contentType,
      );
    try {
      return {
        status: 200,
        headers: { 'content-type': contentType, 'x-amzn-requestid': 'local' },
        body: JSON.stringify(run(input) ?? {}),
      };
    } catch (e) {
      if (!(e instanceof AwsJsonError)) throw e;
      record.answer = e.status;
      return error(e.status, e.type, e.message, contentType);
    }
  };
  const server = await startLocalServer(handle);
  return Object.assign(server, { calls });
}
