import type { KnowledgeEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

type Texts = { readonly title: string; readonly explanation: string; readonly nextSteps: readonly string[] };

const lambda = (
  id: string,
  category: KnowledgeEntry['category'],
  source: string,
  en: Texts,
  ja: Texts,
): KnowledgeEntry => ({ id, category, source, en, ja });

const FUNCTION = '[[function `{functionName}`||the function of state {state}]]';
const FUNCTION_JA = '[[関数 `{functionName}`||ステート {state} の関数]]';

/**
 * The Lambda errors Step Functions reports as `Lambda.<Exception>` (the Invoke API's errors and the
 * service exceptions of "Handle Lambda service exceptions"), each with the category it belongs to: a
 * function that does not exist is a configuration error, not a code error, and a throttle or a
 * service exception is transient. Keyed by the name after `Lambda.`.
 */
export const lambdaErrors: Readonly<Record<string, KnowledgeEntry>> = {
  ResourceNotFoundException: lambda(
    'lambda.not-found',
    'invalid_parameters',
    sources.lambdaInvokeErrors,
    {
      title: `${FUNCTION} does not exist`,
      explanation:
        'Step Functions could not invoke the function: the function, its version or its alias does not exist in that account and region (deleted, renamed, or the state’s `FunctionName` is wrong). No code ran, so there is no function log to read.',
      nextSteps: [
        'Check the `FunctionName` (and qualifier) in the state’s parameters against what exists: [[`aws lambda get-function --function-name {function}`||`aws lambda get-function` with that name]].',
        'If the function is deployed separately, deploy it (or the alias) before running the workflow again.',
      ],
    },
    {
      title: `${FUNCTION_JA}が存在しない`,
      explanation:
        'Step Functions が関数を呼び出せませんでした。関数・バージョン・エイリアスがそのアカウントとリージョンに存在しません（削除、名前変更、またはステートの `FunctionName` の誤り）。コードは実行されていないため、関数のログはありません。',
      nextSteps: [
        'ステートのパラメータの `FunctionName`（と修飾子）を実在するものと照合してください: [[`aws lambda get-function --function-name {function}`||その名前での `aws lambda get-function`]]。',
        '関数を別にデプロイしているなら、ワークフローを再実行する前に関数（またはエイリアス）をデプロイしてください。',
      ],
    },
  ),
  AccessDeniedException: lambda(
    'lambda.access-denied',
    'permissions',
    sources.lambdaInvokeErrors,
    {
      title: `the state machine may not invoke ${FUNCTION}`,
      explanation:
        'The execution role of the state machine lacks `lambda:InvokeFunction` on the function (or its alias/version ARN), or a resource policy denies it. No code ran.',
      nextSteps: [
        'Allow `lambda:InvokeFunction` on [[`{function}`||the function ARN]] and on its versions and aliases (the ARN followed by `:*`) to the state machine’s execution role.',
      ],
    },
    {
      title: `ステートマシンが${FUNCTION_JA}を呼び出す権限がない`,
      explanation:
        'ステートマシンの実行ロールに関数（またはエイリアス / バージョンの ARN）への `lambda:InvokeFunction` がないか、リソースポリシーで拒否されています。コードは実行されていません。',
      nextSteps: [
        'ステートマシンの実行ロールに、[[`{function}`||関数の ARN]]とそのバージョン・エイリアス（ARN の後ろに `:*`）への `lambda:InvokeFunction` を許可してください。',
      ],
    },
  ),
  KMSAccessDeniedException: lambda(
    'lambda.kms',
    'permissions',
    sources.lambdaInvokeErrors,
    {
      title: `Lambda could not decrypt the environment variables of ${FUNCTION}`,
      explanation:
        'Lambda could not use the KMS key that encrypts the function’s environment variables (access denied, key disabled, pending deletion or not found), so it did not start the function.',
      nextSteps: [
        'Check the key of the function’s `KMSKeyArn`: it must be enabled, and the function’s execution role must be allowed `kms:Decrypt` on it.',
      ],
    },
    {
      title: `Lambda が${FUNCTION_JA}の環境変数を復号できなかった`,
      explanation:
        '関数の環境変数を暗号化している KMS キーを Lambda が使えなかったため（アクセス拒否、無効化、削除待ち、存在しない）、関数を起動しませんでした。',
      nextSteps: [
        '関数の `KMSKeyArn` のキーが有効で、関数の実行ロールに `kms:Decrypt` が許可されているか確認してください。',
      ],
    },
  ),
  RequestTooLargeException: lambda(
    'lambda.payload-too-large',
    'invalid_parameters',
    sources.lambdaInvokeErrors,
    {
      title: `the input sent to ${FUNCTION} is too large`,
      explanation:
        'The request payload is over Lambda’s limit for a synchronous invocation (6 MB), so the function was not invoked.',
      nextSteps: [
        'Pass a reference instead of the data: write it to S3 and send the object key; select only the fields the function needs with `Parameters` / `InputPath`.',
      ],
    },
    {
      title: `${FUNCTION_JA}に送った入力が大きすぎる`,
      explanation:
        'リクエストのペイロードが同期呼び出しの上限（6 MB）を超えたため、関数は呼び出されませんでした。',
      nextSteps: [
        'データそのものではなく参照を渡してください: S3 に書いてオブジェクトキーを送る、`Parameters` / `InputPath` で必要なフィールドだけを選ぶ。',
      ],
    },
  ),
  TooManyRequestsException: lambda(
    'lambda.throttled',
    'capacity',
    sources.sfnLambdaExceptions,
    {
      title: `${FUNCTION} was throttled`,
      explanation:
        'Lambda refused the invocation because the account’s (or the function’s reserved) concurrency or request rate was exhausted at that moment.',
      nextSteps: [
        'Retry `Lambda.TooManyRequestsException` with backoff on the state, and lower the Map `MaxConcurrency` if many iterations call the function at once.',
        'Check `ConcurrentExecutions` and `Throttles` of the function in CloudWatch, and its reserved concurrency.',
      ],
    },
    {
      title: `${FUNCTION_JA}がスロットリングされた`,
      explanation:
        'その時点でアカウント（または関数の予約）同時実行数かリクエストレートを使い切っていたため、Lambda が呼び出しを拒否しました。',
      nextSteps: [
        'ステートで `Lambda.TooManyRequestsException` をバックオフ付きで Retry し、多数の Map 反復が同時に呼ぶなら `MaxConcurrency` を下げてください。',
        'CloudWatch で関数の `ConcurrentExecutions` と `Throttles`、予約同時実行数を確認してください。',
      ],
    },
  ),
  ServiceException: lambda(
    'lambda.service',
    'infrastructure',
    sources.sfnLambdaExceptions,
    {
      title: `the Lambda service failed to run ${FUNCTION}`,
      explanation:
        'Lambda answered with a transient service error (ServiceException, AWSLambdaException, SdkClientException, ClientExecutionTimeoutException); the function’s code is not the cause.',
      nextSteps: [
        'Retry these errors on the state: `"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.ClientExecutionTimeoutException"]` with backoff.',
      ],
    },
    {
      title: `Lambda サービスが${FUNCTION_JA}を実行できなかった`,
      explanation:
        'Lambda が一時的なサービスエラー（ServiceException、AWSLambdaException、SdkClientException、ClientExecutionTimeoutException）を返しました。関数のコードは原因ではありません。',
      nextSteps: [
        'ステートでこれらのエラーを Retry してください: `"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.ClientExecutionTimeoutException"]` をバックオフ付きで。',
      ],
    },
  ),
  ResourceNotReadyException: lambda(
    'lambda.not-ready',
    'infrastructure',
    sources.lambdaInvokeErrors,
    {
      title: `${FUNCTION} was not ready to be invoked`,
      explanation:
        'The function was still being created or updated (state Pending), or its VPC resources were being re-created after being idle, so Lambda did not run it.',
      nextSteps: [
        'Retry the state with backoff; if the workflow runs right after a deployment, wait for `aws lambda wait function-updated` before starting it.',
      ],
    },
    {
      title: `${FUNCTION_JA}は呼び出せる状態ではなかった`,
      explanation:
        '関数が作成中・更新中（Pending 状態）か、アイドル後に VPC リソースを作り直している途中だったため、Lambda は関数を実行しませんでした。',
      nextSteps: [
        'ステートをバックオフ付きで Retry してください。デプロイ直後にワークフローを動かすなら、`aws lambda wait function-updated` を待ってから開始してください。',
      ],
    },
  ),
  EC2ThrottledException: lambda(
    'lambda.vpc-network',
    'network',
    sources.lambdaInvokeErrors,
    {
      title: `Lambda could not set up the VPC network of ${FUNCTION}`,
      explanation:
        'Lambda could not create or use the network interfaces of the function’s VPC configuration (no free IP addresses in its subnets, the ENI quota, an invalid subnet or security group, or EC2 throttling).',
      nextSteps: [
        'Check the free IP addresses of the function’s subnets and the account’s network interface quota; check the subnet and security group IDs still exist.',
        'Allow the function’s execution role `ec2:CreateNetworkInterface`, `ec2:DescribeNetworkInterfaces` and `ec2:DeleteNetworkInterface` (AWSLambdaVPCAccessExecutionRole).',
      ],
    },
    {
      title: `Lambda が${FUNCTION_JA}の VPC ネットワークを準備できなかった`,
      explanation:
        'Lambda が関数の VPC 設定のネットワークインターフェースを作成・利用できませんでした（サブネットの空き IP 不足、ENI のクォータ、無効なサブネットやセキュリティグループ、EC2 のスロットリング）。',
      nextSteps: [
        '関数のサブネットの空き IP とアカウントの ENI クォータを確認し、サブネットとセキュリティグループの ID が存在するか確認してください。',
        '関数の実行ロールに `ec2:CreateNetworkInterface`・`ec2:DescribeNetworkInterfaces`・`ec2:DeleteNetworkInterface` を許可してください（AWSLambdaVPCAccessExecutionRole）。',
      ],
    },
  ),
  InvalidRuntimeException: lambda(
    'lambda.configuration',
    'invalid_parameters',
    sources.lambdaInvokeErrors,
    {
      title: `${FUNCTION} is misconfigured and could not start`,
      explanation:
        'Lambda rejected the function’s configuration or package before running it (an unsupported runtime, a broken deployment package, an invalid parameter); the error below names which.',
      nextSteps: [
        'Check the function’s runtime, handler and package[[ with `aws lambda get-function-configuration --function-name {function}`||]], then redeploy it.',
      ],
    },
    {
      title: `${FUNCTION_JA}の設定に誤りがあり起動できなかった`,
      explanation:
        'Lambda が実行前に関数の設定やパッケージを拒否しました（サポート外のランタイム、壊れたデプロイパッケージ、不正なパラメータ）。どれかは下のエラーにあります。',
      nextSteps: [
        '[[`aws lambda get-function-configuration --function-name {function}` で||]]関数のランタイム・ハンドラー・パッケージを確認し、デプロイし直してください。',
      ],
    },
  ),
  Unknown: lambda(
    'lambda.unhandled',
    'lambda_error',
    sources.sfnLambdaExceptions,
    {
      title: `${FUNCTION} crashed, ran out of memory or timed out`,
      explanation:
        'Lambda.Unknown is an unhandled error of the function’s runtime: the function ran out of memory, hit its timeout, or its process exited before returning.',
      nextSteps: [
        'Read the function’s log in CloudWatch Logs[[ (`/aws/lambda/{functionName}`)||]] at the time of the failure: look for "Task timed out" or "Runtime exited" and the REPORT line’s Max Memory Used.',
        'Raise the function’s memory or timeout if it was near them.',
      ],
    },
    {
      title: `${FUNCTION_JA}がクラッシュ・メモリ不足・タイムアウトのいずれかで終了した`,
      explanation:
        'Lambda.Unknown は関数のランタイムの未処理エラーです。メモリ不足、タイムアウト、または戻り値を返す前のプロセス終了です。',
      nextSteps: [
        '失敗時刻の関数のログ[[（`/aws/lambda/{functionName}`）||]]で "Task timed out" や "Runtime exited" と、REPORT 行の Max Memory Used を確認してください。',
        '上限付近だったなら、関数のメモリかタイムアウトを増やしてください。',
      ],
    },
  ),
};

/** Aliases: exceptions that share an entry's advice. */
const aliases: Readonly<Record<string, string>> = {
  AWSLambdaException: 'ServiceException',
  SdkClientException: 'ServiceException',
  ClientExecutionTimeoutException: 'ServiceException',
  EC2UnexpectedException: 'ServiceException',
  EC2AccessDeniedException: 'EC2ThrottledException',
  ENILimitReachedException: 'EC2ThrottledException',
  SubnetIPAddressLimitReachedException: 'EC2ThrottledException',
  InvalidSubnetIDException: 'EC2ThrottledException',
  InvalidSecurityGroupIDException: 'EC2ThrottledException',
  KMSDisabledException: 'KMSAccessDeniedException',
  KMSInvalidStateException: 'KMSAccessDeniedException',
  KMSNotFoundException: 'KMSAccessDeniedException',
  InvalidZipFileException: 'InvalidRuntimeException',
  InvalidParameterValueException: 'InvalidRuntimeException',
  InvalidRequestContentException: 'RequestTooLargeException',
  ResourceConflictException: 'ResourceNotReadyException',
};

/**
 * The entry of a `Lambda.<Exception>` error name, or of a cause that names the exception (a
 * Step Functions error `Lambda.AWSLambdaException` whose cause says "not authorized to perform:
 * lambda:InvokeFunction" is an access denial). Null when it is the function's own error.
 */
export function lambdaErrorEntry(error: string | null, cause: string | null): KnowledgeEntry | null {
  const name = /^Lambda\.(\w+)$/.exec(error ?? '')?.[1];
  const key = name === undefined ? undefined : (aliases[name] ?? name);
  // A denial comes back under a generic name (or none) with the refused action in the cause.
  const denied = /not authorized to perform:? ?lambda:InvokeFunction|^AccessDeniedException/i.test(
    cause ?? '',
  );
  if (denied && (key === undefined || key === 'ServiceException'))
    return lambdaErrors.AccessDeniedException ?? null;
  return key === undefined ? null : (lambdaErrors[key] ?? null);
}
