import type { MessageEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

/**
 * CannotStartContainerError families (the runtime could not start the container process), most
 * specific first, from "Troubleshooting Amazon ECS CannotStartContainerError errors", "Stopped tasks
 * error codes" and the knowledge-center article on the "exec format" error. They quote the program
 * the runtime tried to run and the command the task gave it.
 */
export const startErrors: readonly MessageEntry[] = [
  {
    id: 'start.exec-format',
    category: 'command_not_found',
    source: sources.execFormat,
    pattern: /exec format error/i,
    en: {
      title:
        "[[{program}||the entry point of container '{container}']] is built for another CPU architecture",
      explanation:
        'The kernel refused to execute [[`{program}`||the program]] ("exec format error"): the image[[ {image}||]] was built for another architecture than the task (for example arm64 on an X86_64 task), or the script has no `#!` line.',
      nextSteps: [
        'Compare `runtimePlatform.cpuArchitecture` of {taskDefinition} with the image: [[`docker image inspect {image} --format "{{.Os}}/{{.Architecture}}"`||`docker image inspect --format "{{.Os}}/{{.Architecture}}"` on the image]].',
        'Rebuild for the task’s architecture (`docker buildx build --platform linux/amd64` or `linux/arm64`), or change `cpuArchitecture`; a script entry point needs a `#!` line.',
      ],
    },
    ja: {
      title:
        "[[{program} ||コンテナ '{container}' のエントリポイント]]が別の CPU アーキテクチャ向けにビルドされている",
      explanation:
        'カーネルが[[ `{program}` の||プログラムの]]実行を拒否しました（"exec format error"）。イメージ[[ {image} ||]]がタスクとは別のアーキテクチャ向け（例: X86_64 のタスクに arm64）にビルドされているか、スクリプトに `#!` 行がありません。',
      nextSteps: [
        '{taskDefinition} の `runtimePlatform.cpuArchitecture` とイメージを比べてください: [[`docker image inspect {image} --format "{{.Os}}/{{.Architecture}}"`||イメージに対する `docker image inspect --format "{{.Os}}/{{.Architecture}}"`]]。',
        'タスクのアーキテクチャ向けにビルドし直す（`docker buildx build --platform linux/amd64` または `linux/arm64`）か、`cpuArchitecture` を変更してください。スクリプトのエントリポイントには `#!` 行が必要です。',
      ],
    },
  },
  {
    id: 'task.command-not-found',
    category: 'command_not_found',
    source: sources.cannotStart,
    pattern: /executable file not found|exec: "[^"]*": stat [^:]*: no such file or directory/i,
    en: {
      title: "[[`{program}`||the command of container '{container}']] does not exist in the image",
      explanation:
        "The runtime could not start container [['{container}'||of the task]] because [[`{program}`||its entry point or command]] is not in the image[[ {image}||]] (or not on its PATH).",
      nextSteps: [
        'Check `entryPoint` / `command` of the container in {taskDefinition}[[ and the state’s `Overrides.ContainerOverrides[].Command` ({command})||, and the state’s `Overrides.ContainerOverrides[].Command` if it sets one]].',
        'Look for it in the image: [[`docker run --rm --entrypoint sh {image} -c "command -v {program}"`||`docker run --rm --entrypoint sh` on the image, then `command -v` with the program]].',
      ],
    },
    ja: {
      title: "[[`{program}` が||コンテナ '{container}' のコマンドが]]イメージ内に存在しない",
      explanation:
        "[[`{program}` が||エントリポイントまたはコマンドが]]イメージ[[ {image} ||]]内にない（PATH 上にない）ため、ランタイムが[[コンテナ '{container}' を||コンテナを]]起動できませんでした。",
      nextSteps: [
        '{taskDefinition} のコンテナの `entryPoint` / `command` と、[[ステートの `Overrides.ContainerOverrides[].Command`（{command}）||ステートに `Overrides.ContainerOverrides[].Command` があればそれ]]を確認してください。',
        'イメージ内を探してください: [[`docker run --rm --entrypoint sh {image} -c "command -v {program}"`||イメージで `docker run --rm --entrypoint sh` を実行し、プログラムを `command -v` で確認]]。',
      ],
    },
  },
  {
    id: 'start.permission-denied',
    category: 'command_not_found',
    source: sources.cannotStart,
    pattern:
      /exec: "[^"]*": permission denied|exec user process caused:? "?permission denied|permission denied: unknown/i,
    en: {
      title: "[[`{program}`||the entry point of container '{container}']] is not executable",
      explanation:
        'The runtime found [[`{program}`||the entry point]] but may not execute it: the file lacks the execute bit, is a directory, or the container user may not read it.',
      nextSteps: [
        'In the Dockerfile, `chmod +x` the entry point (or `COPY --chmod=755`), and check that `entryPoint` of {taskDefinition} names a file, not a directory.',
        'Check the `user` of the container can read and execute it[[; the command was {command}||]].',
      ],
    },
    ja: {
      title: "[[`{program}` を||コンテナ '{container}' のエントリポイントを]]実行できない（実行権限がない）",
      explanation:
        'ランタイムは[[ `{program}` を||エントリポイントを]]見つけましたが実行できません。実行ビットがない、ディレクトリを指している、またはコンテナのユーザーが読めません。',
      nextSteps: [
        'Dockerfile でエントリポイントに `chmod +x`（または `COPY --chmod=755`）し、{taskDefinition} の `entryPoint` がディレクトリではなくファイルを指しているか確認してください。',
        'コンテナの `user` がそれを読み取り・実行できるか確認してください[[（コマンドは {command}）||]]。',
      ],
    },
  },
  {
    id: 'start.no-such-file',
    category: 'command_not_found',
    source: sources.cannotStart,
    pattern: /exec user process caused:? "?no such file or directory|no such file or directory: unknown/i,
    en: {
      title: "the entry point of container '{container}' or its interpreter is missing",
      explanation:
        'The runtime could not execute [[`{program}`||the entry point]]: the path does not exist in the image, or a script’s `#!` interpreter is missing (an Alpine image without bash, a script saved with CRLF line endings).',
      nextSteps: [
        'Check the path in `entryPoint` / `command` of {taskDefinition} exists in the image[[ (the task ran {command})||]].',
        'For a script, check its first line (`#!/bin/sh` rather than bash on Alpine) and convert CRLF line endings to LF.',
      ],
    },
    ja: {
      title: "コンテナ '{container}' のエントリポイントまたはそのインタプリタが存在しない",
      explanation:
        'ランタイムが[[ `{program}` を||エントリポイントを]]実行できませんでした。パスがイメージにないか、スクリプトの `#!` のインタプリタがありません（bash のない Alpine イメージ、CRLF 改行で保存されたスクリプトなど）。',
      nextSteps: [
        '{taskDefinition} の `entryPoint` / `command` のパスがイメージに存在するか確認してください[[（タスクが実行したコマンド: {command}）||]]。',
        'スクリプトなら 1 行目（Alpine では bash ではなく `#!/bin/sh`）を確認し、CRLF の改行を LF に変換してください。',
      ],
    },
  },
  {
    id: 'start.port-in-use',
    category: 'task_failed_to_start',
    source: sources.cannotStart,
    pattern: /port is already allocated|address already in use/i,
    en: {
      title: "host port[[ {port}||]] of container '{container}' is already in use",
      explanation:
        'The container maps a fixed host port that another task or process on the same EC2 instance already holds.',
      nextSteps: [
        'Use dynamic host ports (`hostPort: 0`) or the `awsvpc` network mode in {taskDefinition}, or a placement constraint `distinctInstance`.',
      ],
    },
    ja: {
      title: "コンテナ '{container}' のホストポート[[ {port} ||]]がすでに使われている",
      explanation:
        'コンテナが固定のホストポートを割り当てていますが、同じ EC2 インスタンスの別のタスクまたはプロセスが使用中です。',
      nextSteps: [
        '{taskDefinition} で動的ホストポート（`hostPort: 0`）か `awsvpc` ネットワークモードを使うか、配置制約 `distinctInstance` を使ってください。',
      ],
    },
  },
  {
    id: 'task.cannot-start',
    category: 'task_failed_to_start',
    source: sources.cannotStart,
    pattern:
      /CannotStartContainerError|failed to create (new container runtime task|shim task)|OCI runtime (create|start) failed/i,
    en: {
      title: "container '{container}' could not be started",
      explanation:
        'The container runtime failed to start the container ("failed to get container status" and similar); the reason below says what it could not do. A container that exceeds its memory while starting is stopped this way too.',
      nextSteps: [
        'Raise `memory` of the container in {taskDefinition} if it is close to what the program needs at start.',
        'Check the ulimits, Linux parameters, mount points and user of the container in {taskDefinition}; read the full reason[[ with `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}`||]].',
      ],
    },
    ja: {
      title: "コンテナ '{container}' を起動できなかった",
      explanation:
        'コンテナランタイムがコンテナを起動できませんでした（"failed to get container status" など）。下の理由に、何ができなかったかが書かれています。起動中にメモリ上限を超えたコンテナもこのように停止されます。',
      nextSteps: [
        '起動時に必要なメモリに近いなら、{taskDefinition} のコンテナの `memory` を増やしてください。',
        '{taskDefinition} のコンテナの ulimits、Linux パラメータ、マウントポイント、実行ユーザーを確認し、[[`aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` で||]]理由の全文を確認してください。',
      ],
    },
  },
];
