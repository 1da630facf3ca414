// `sekisho/cdk`: the constructs for a team's own CDK app. Needs aws-cdk-lib 2.x and constructs 10.x
// (optional peer dependencies of sekisho: no other export loads them). The functions deploy the
// handler bundles the package ships in dist/lambda; the clamd image is built by `cdk deploy`.
export {
  BatchFailureTriage,
  type BatchFailureTriageProps,
} from './batch-failure-triage.js';
export {
  FileGate,
  type FileGateEngine,
  type FileGateProps,
  type FileGateReleaseSettings,
} from './file-gate.js';
export { GateAlarms, type GateAlarmsProps } from './gate-alarms.js';
