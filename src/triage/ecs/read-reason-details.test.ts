import { describe, expect, it } from 'vitest';
import { readReasonDetails, registryOf } from './read-reason-details.js';

describe('readReasonDetails', () => {
  it('names the endpoint, host and secret of a Secrets Manager timeout', () => {
    const d = readReasonDetails(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf from secrets manager: RequestError: send request failed caused by: Post "https://secretsmanager.eu-west-1.amazonaws.com/": dial tcp 10.0.0.1:443: i/o timeout',
    );
    expect(d.endpoint?.vpcEndpoint).toBe('secretsmanager');
    expect(d.host).toBe('secretsmanager.eu-west-1.amazonaws.com');
    expect(d.secretArn).toBe('arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf');
  });

  it('names the ECR API, the S3 layer bucket and CloudWatch Logs by their hosts or words', () => {
    expect(
      readReasonDetails(
        'unable to retrieve ecr registry auth: … Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp: i/o timeout',
      ).endpoint?.vpcEndpoint,
    ).toBe('ecr.api');
    expect(
      readReasonDetails(
        'CannotPullContainerError: failed to copy: … Get "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/…": dial tcp: i/o timeout',
      ).endpoint?.vpcEndpoint,
    ).toBe('s3');
    expect(
      readReasonDetails('ResourceInitializationError: failed to initialize logging driver: … i/o timeout')
        .endpoint?.vpcEndpoint,
    ).toBe('logs');
  });

  it('reads the image and its registry, preferring the message over the task', () => {
    const d = readReasonDetails(
      "CannotPullContainerError: pull access denied for acme/nightly, repository does not exist or may require 'docker login'",
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1',
    );
    expect(d.image).toBe('acme/nightly');
    expect(d.registry).toBe('Docker Hub');
    expect(registryOf('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1')).toBe(
      'Amazon ECR (123456789012.dkr.ecr.eu-west-1.amazonaws.com)',
    );
    expect(registryOf('public.ecr.aws/docker/library/python:3.12')).toBe('Amazon ECR Public');
    expect(registryOf('ghcr.io/acme/app:1')).toBe('ghcr.io');
  });

  it('reads the program, the port and the log group, and names no group when the message gives none', () => {
    expect(
      readReasonDetails('exec: "run-nightly": executable file not found in $PATH: unknown').program,
    ).toBe('run-nightly');
    expect(
      readReasonDetails('CannotStartContainerError: bind for 0.0.0.0:8080 failed: port is already allocated')
        .port,
    ).toBe('8080');
    expect(readReasonDetails('failed to create log stream: log group does not exist').logGroup).toBeNull();
    expect(readReasonDetails('ResourceNotFoundException: log group "/ecs/nightly" not found').logGroup).toBe(
      '/ecs/nightly',
    );
  });
});
