/** An AWS endpoint a task calls before (or while) its containers run. */
export interface Endpoint {
  /** The service's name as the console shows it ("Secrets Manager"). */
  readonly name: string;
  /** The VPC endpoint service, without the `com.amazonaws.REGION.` prefix (`secretsmanager`, `ecr.api`). */
  readonly vpcEndpoint: string;
  /** 'interface' endpoints need private DNS and a security group; S3 uses a 'gateway' endpoint in the route table. */
  readonly kind: 'interface' | 'gateway';
}

/** What a stopped reason, container reason or error names, ready to be quoted in the advice. */
export interface ReasonDetails {
  readonly endpoint: Endpoint | null;
  /** The host the call went to, when the reason prints it (`api.ecr.us-east-1.amazonaws.com`). */
  readonly host: string | null;
  readonly secretArn: string | null;
  readonly parameter: string | null;
  readonly kmsKey: string | null;
  readonly image: string | null;
  /** "Amazon ECR (123….dkr.ecr.region.amazonaws.com)", "Docker Hub", "Amazon ECR Public" or the registry host. */
  readonly registry: string | null;
  /** The program the runtime tried to execute (`exec: "run-nightly"`). */
  readonly program: string | null;
  readonly logGroup: string | null;
  readonly instanceId: string | null;
  readonly port: string | null;
}

const ENDPOINTS = {
  secretsManager: { name: 'Secrets Manager', vpcEndpoint: 'secretsmanager', kind: 'interface' },
  ssm: { name: 'SSM Parameter Store', vpcEndpoint: 'ssm', kind: 'interface' },
  ecrApi: { name: 'the ECR API', vpcEndpoint: 'ecr.api', kind: 'interface' },
  ecrRegistry: { name: 'the ECR registry', vpcEndpoint: 'ecr.dkr', kind: 'interface' },
  s3: { name: 'Amazon S3 (image layers)', vpcEndpoint: 's3', kind: 'gateway' },
  logs: { name: 'CloudWatch Logs', vpcEndpoint: 'logs', kind: 'interface' },
  kms: { name: 'AWS KMS', vpcEndpoint: 'kms', kind: 'interface' },
} as const satisfies Record<string, Endpoint>;

/** Which endpoint a reason talks about, most telling words first (a host beats a phrase). */
const ENDPOINT_CUES: readonly (readonly [RegExp, Endpoint])[] = [
  [/starport-layer-bucket|\.s3[.-][\w.-]*amazonaws\.com|s3\.amazonaws\.com/i, ENDPOINTS.s3],
  [/api\.ecr\.|ecr registry auth|ecr:GetAuthorizationToken/i, ENDPOINTS.ecrApi],
  [/\.dkr\.ecr\./i, ENDPOINTS.ecrRegistry],
  [
    /secretsmanager\.|from asm|secrets? from (the )?secrets manager|asm fetching|registry auth from asm/i,
    ENDPOINTS.secretsManager,
  ],
  [/ssm\.[\w-]+\.amazonaws|from ssm|ssm:GetParameters|parameter store/i, ENDPOINTS.ssm],
  [/logs\.[\w-]+\.amazonaws|logging driver|logger|log stream|log group|awslogs/i, ENDPOINTS.logs],
  [/kms\.[\w-]+\.amazonaws/i, ENDPOINTS.kms],
];

const first = (text: string, pattern: RegExp): string | null => pattern.exec(text)?.[1] ?? null;
// Punctuation that ends an ARN or image reference inside prose.
const trimEnd = (value: string | null) => value?.replace(/[.,;:)'"\]]+$/, '') ?? null;

const IMAGE_PATTERNS = [
  /failed to (?:pull and unpack image|resolve reference|resolve ref) "?([^\s":]+(?::[\w.-]+)?(?:@sha256:[a-f0-9]+)?)"?/i,
  /ref "?([^\s"]+\/[^\s"]+?)"?(?::\s|\s|$)/i,
  /pull access denied for ([^\s,]+)/i,
  /repository ([^\s]+) not found/i,
  /image "([^"]+)"/i,
  /manifest for ([^\s]+) not found/i,
];

/** "Docker Hub", "Amazon ECR (host)", "Amazon ECR Public" or the registry host of an image reference. */
export function registryOf(image: string | null): string | null {
  if (image === null) return null;
  const slash = image.indexOf('/');
  const head = slash < 0 ? '' : image.slice(0, slash);
  const hasHost = /[.:]/.test(head) || head === 'localhost';
  if (!hasHost || /^(docker\.io|registry-1\.docker\.io|index\.docker\.io)$/.test(head)) return 'Docker Hub';
  if (/\.dkr\.ecr\./.test(head)) return `Amazon ECR (${head})`;
  if (head === 'public.ecr.aws') return 'Amazon ECR Public';
  return head;
}

/** Picks out of an ECS or Step Functions message what the advice should quote. Pure; linear in the text. */
export function readReasonDetails(text: string | null, image: string | null = null): ReasonDetails {
  const t = text ?? '';
  const fromText = IMAGE_PATTERNS.map((p) => trimEnd(first(t, p))).find((x) => x !== null && x !== undefined);
  const shownImage = fromText ?? image;
  const endpoint = ENDPOINT_CUES.find(([cue]) => cue.test(t))?.[1] ?? null;
  return {
    endpoint,
    host: trimEnd(
      first(t, /https?:\/\/([\w.-]+amazonaws\.com(?:\.cn)?)/i) ??
        first(t, /(?:lookup|dial tcp:? ?(?:lookup)?) ([\w.-]+amazonaws\.com)/i),
    ),
    secretArn: trimEnd(first(t, /(arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:[^\s'",)]+)/)),
    parameter: trimEnd(
      first(t, /(arn:aws[\w-]*:ssm:[\w-]+:\d{12}:parameter\/[^\s'",)]+)/) ??
        first(t, /invalid parameters?: ?\[?([^\s\]]+)/i),
    ),
    kmsKey: trimEnd(first(t, /(arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+)/)),
    image: shownImage ?? null,
    registry: registryOf(shownImage ?? null),
    program: first(t, /exec: "([^"]+)"/) ?? first(t, /exec ([^\s:]+): exec format error/i),
    // A group name has a slash (`/ecs/app`); "log group does not exist" names none.
    logGroup: trimEnd(first(t, /log group[: ]+["']?([\w.#-]*\/[\w/.#-]+)/i)),
    instanceId: first(t, /instance (i-[0-9a-f]+)/),
    port: first(t, /bind for [\d.]*:(\d+) failed/i) ?? first(t, /port (\d+) is already/i),
  };
}
