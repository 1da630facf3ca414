import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.js';

/**
 * A local Secrets Manager that speaks the AWS JSON 1.1 protocol for GetSecretValue, by ARN or name;
 * an unknown secret is a `ResourceNotFoundException` with the service's message.
 */
export function startSecretsManagerServer(options: {
  /** SecretString per secret ARN. */
  readonly secrets: Readonly<Record<string, string>>;
}): Promise<AwsJsonServer> {
  return startAwsJsonServer({
    targetPrefix: 'secretsmanager',
    jsonVersion: '1.1',
    operations: {
      GetSecretValue(input) {
        const id = String(input.SecretId ?? '');
        const arn = Object.keys(options.secrets).find((a) => a === id || a.split(':')[6]?.startsWith(id));
        if (arn === undefined)
          throw new AwsJsonError(
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret.",
          );
        return {
          ARN: arn,
          Name: arn.split(':')[6],
          SecretString: options.secrets[arn],
          VersionId: '00000000-0000-0000-0000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_764_000_000,
        };
      },
    },
  });
}
