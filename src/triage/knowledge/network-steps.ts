import type { Advice, MessageEntry } from './knowledge-entry.js';

/** Words that say a call from the task never got an answer: a network path problem, not a refusal. */
export const UNREACHABLE =
  /(i\/o timeout|context deadline exceeded|request canceled|RequestCanceled|RequestError|dial tcp|connection (timed out|refused|reset)|no such host|TLS handshake timeout|send request failed|signal: killed|waiting for connection)/i;

/** The steps that check the network path from the task's subnet to one endpoint, in the order to check them. */
export const networkSteps = {
  en: {
    route:
      'Check the route table of [[subnet `{subnet}`||the task subnets]]: a private subnet needs a default route (0.0.0.0/0) to a NAT gateway; a public subnet needs one to an internet gateway and `assignPublicIp: ENABLED` in the RunTask network configuration.',
    securityGroup:
      'Check the task security group allows outbound TCP 443, and the network ACL of [[subnet `{subnet}`||the task subnets]] allows 443 out and the ephemeral ports (1024–65535) back in.',
    interfaceEndpoint: (service: string) =>
      `Without a route to the internet, the VPC needs [[the interface endpoint \`com.amazonaws.{region}.${service}\`||an interface endpoint for \`${service}\`]] in the task subnets, with private DNS enabled and a security group that allows 443 from the task.`,
    dns: 'Check that the VPC has DNS resolution and DNS hostnames enabled: a VPC without DNS resolution fails every AWS call of the task this way.',
  },
  ja: {
    route:
      '[[サブネット `{subnet}` の||タスクのサブネットの]]ルートテーブルを確認してください: プライベートサブネットなら NAT ゲートウェイへのデフォルトルート（0.0.0.0/0）、パブリックサブネットならインターネットゲートウェイへのルートと RunTask のネットワーク設定の `assignPublicIp: ENABLED` が必要です。',
    securityGroup:
      'タスクのセキュリティグループが TCP 443 のアウトバウンドを許可し、[[サブネット `{subnet}` の||タスクのサブネットの]]ネットワーク ACL が 443 の送信とエフェメラルポート（1024–65535）の戻りを許可しているか確認してください。',
    interfaceEndpoint: (service: string) =>
      `インターネットへの経路がない構成では、タスクのサブネットに[[インターフェースエンドポイント \`com.amazonaws.{region}.${service}\` が||\`${service}\` のインターフェースエンドポイントが]]必要です（プライベート DNS を有効にし、タスクからの 443 をセキュリティグループで許可）。`,
    dns: 'VPC の DNS 解決と DNS ホスト名が有効か確認してください。DNS 解決が無効な VPC では、タスクからの AWS 呼び出しがすべてこのように失敗します。',
  },
} as const;

/**
 * A "could not reach <endpoint>" entry: the endpoint's name in the title, then the route, the security
 * group and NACL, the endpoint-specific fix (`specific`), and DNS.
 */
export function unreachableEntry(spec: {
  readonly id: string;
  readonly source: string;
  readonly pattern: RegExp;
  readonly en: { readonly name: string; readonly what: string; readonly specific: readonly string[] };
  readonly ja: { readonly name: string; readonly what: string; readonly specific: readonly string[] };
}): MessageEntry {
  const advice = (lang: 'en' | 'ja'): Advice => {
    const s = spec[lang];
    const steps = networkSteps[lang];
    return lang === 'en'
      ? {
          title: `${s.name} could not be reached from the task[[ (subnet {subnet})||]]`,
          explanation: `${s.what} The call timed out or could not connect[[ to {host}||]]: the task's network path to ${s.name} is missing or blocked. A timeout to an AWS endpoint is almost always configuration (route, security group, NACL, VPC endpoint, DNS), not a passing blip.`,
          nextSteps: [steps.route, steps.securityGroup, ...s.specific, steps.dns],
        }
      : {
          title: `タスクから ${s.name} に接続できない[[（サブネット {subnet}）||]]`,
          explanation: `${s.what}その呼び出しが[[ {host} への||]]接続でタイムアウトまたは失敗しました。タスクから ${s.name} へのネットワーク経路がないか、遮断されています。AWS エンドポイントへのタイムアウトは一時的な不調ではなく、ほぼ必ず設定（ルート、セキュリティグループ、NACL、VPC エンドポイント、DNS）の問題です。`,
          nextSteps: [steps.route, steps.securityGroup, ...s.specific, steps.dns],
        };
  };
  return {
    id: spec.id,
    category: 'network',
    source: spec.source,
    pattern: spec.pattern,
    en: advice('en'),
    ja: advice('ja'),
  };
}
